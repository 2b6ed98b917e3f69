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
    private readonly Dictionary<long, (double S1, double S2)> _at;

    private ScheduleAreas(Dictionary<long, (double, double)> at, long iterations, double peak, long peakStep)
    {
        (_at, Iterations, Peak, PeakStep) = (at, iterations, peak, peakStep);
    }

    /// <summary>The highest rate of the schedule.</summary>
    public double Peak { get; }

    /// <summary>The first step (from 0) at which the rate is within 1% of its peak: the end of warmup.</summary>
    public long PeakStep { get; }

    public long Iterations { get; }

    public double S1(long iterations) => Lookup(iterations).S1;
    public double S2(long iterations) => Lookup(iterations).S2;

    private (double S1, double S2) Lookup(long iterations) => _at.TryGetValue(iterations, out var v) ? v
        : throw new ArgumentOutOfRangeException(nameof(iterations), $"the areas were computed at other iteration counts, not {iterations}.");

    /// <summary>
    /// The areas after each of <paramref name="at"/> iterations (default: every count 0 … <paramref name="iterations"/>);
    /// two passes over the rates, memory only for the counts asked for, so long schedules cost time, not space.
    /// </summary>
    public static ScheduleAreas Of(Func<long, double> learningRate, long iterations, IEnumerable<long>? at = null)
    {
        if (iterations < 1) throw new ArgumentException($"the schedule needs at least 1 iteration (got {iterations}).", nameof(iterations));
        double peak = 0;
        for (long i = 0; i < iterations; i++)
        {
            var r = learningRate(i);
            if (!double.IsFinite(r) || r < 0) throw new ArgumentException($"the learning rate at iteration {i} is {r}: rates must be finite and not negative.", "learningRate");
            peak = Math.Max(peak, r);
        }
        if (peak <= 0) throw new ArgumentException("the learning rate is 0 throughout: nothing is learned.", "learningRate");
        var wanted = at is null ? null : new HashSet<long>(at.Where(t => t >= 0 && t <= iterations)) { iterations };
        var result = new Dictionary<long, (double, double)>();
        long peakStep = -1;
        double s1 = 0, s2 = 0, m = 0, previous = 0;
        if (wanted is null || wanted.Contains(0)) result[0] = (0, 0);
        for (long i = 0; i < iterations; i++)
        {
            var r = learningRate(i);
            if (peakStep < 0 && r >= 0.99 * peak) peakStep = i;
            s1 += r / peak;
            if (peakStep >= 0 && i > peakStep) m = Decay * m + (previous - r) / peak;
            s2 += m;
            previous = r;
            if (wanted is null || wanted.Contains(i + 1)) result[i + 1] = (s1, s2);
        }
        return new ScheduleAreas(result, iterations, peak, peakStep);
    }
}
