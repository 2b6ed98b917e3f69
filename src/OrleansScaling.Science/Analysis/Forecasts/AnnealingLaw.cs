namespace OrleansScaling.Science.Analysis.Forecasts;

/// <summary>
/// The learning-rate-annealing law of Tissue et al. 2024 (arXiv 2408.11029): L(s) = L0 + A·S1(s)^(−α) − C·S2(s),
/// where S1 is the forward area (the sum of the rates so far, in units of the peak rate, so a constant schedule
/// gives S1 = iterations after warmup plus half the warmup) and S2 the annealing area with momentum
/// (<see cref="ScheduleAreas"/>). A constant schedule has S2 = 0 and the law is a power law in S1.
/// </summary>
public sealed record AnnealingLaw(double L0, double A, double Alpha, double C)
{
    public double Loss(double s1, double s2) => L0 + A * Math.Pow(s1, -Alpha) - C * s2;
}

/// <summary>
/// S1 and S2 of a learning-rate sequence for every iteration count t = 0 … T (the steps 0 … t−1 taken), both
/// divided by the peak rate. S2 starts at the peak (warmup is not annealing): m_i = λ·m_(i−1) + (η_(i−1) − η_i),
/// S2 = Σ m_i, with λ = 0.999 as in the paper.
/// </summary>
public sealed class ScheduleAreas
{
    public const double Decay = 0.999;
    private readonly double[] _s1, _s2;

    private ScheduleAreas(double[] s1, double[] s2, double peak, long peakStep)
    {
        (_s1, _s2, Peak, PeakStep) = (s1, s2, peak, peakStep);
    }

    /// <summary>The highest rate of the schedule.</summary>
    public double Peak { get; }

    /// <summary>The first step (from 0) at which the rate is within 1% of its peak: the end of warmup.</summary>
    public long PeakStep { get; }

    public long Iterations => _s1.Length - 1;

    public double S1(long iterations) => _s1[iterations];
    public double S2(long iterations) => _s2[iterations];

    public static ScheduleAreas Of(Func<long, double> learningRate, long iterations)
    {
        if (iterations < 1) throw new ArgumentException($"the schedule needs at least 1 iteration (got {iterations}).", nameof(iterations));
        var rates = new double[iterations];
        for (long i = 0; i < iterations; i++)
        {
            var r = learningRate(i);
            if (!double.IsFinite(r) || r < 0) throw new ArgumentException($"the learning rate at iteration {i} is {r}: rates must be finite and not negative.", "learningRate");
            rates[i] = r;
        }
        var peak = rates.Max();
        if (peak <= 0) throw new ArgumentException("the learning rate is 0 throughout: nothing is learned.", "learningRate");
        long peakStep = Array.FindIndex(rates, r => r >= 0.99 * peak);
        var s1 = new double[iterations + 1];
        var s2 = new double[iterations + 1];
        double m = 0;
        for (long i = 0; i < iterations; i++)
        {
            s1[i + 1] = s1[i] + rates[i] / peak;
            if (i > peakStep) m = Decay * m + (rates[i - 1] - rates[i]) / peak;
            s2[i + 1] = s2[i] + m;
        }
        return new ScheduleAreas(s1, s2, peak, peakStep);
    }
}
