namespace OrleansScaling.Science.Runs;

/// <summary>
/// The one learning-rate rule, shared by the engine (each step's rate), the planner (where a WSD branch forks from its
/// trunk) and the analyses (the loss forecast integrates the rate sequence a run was trained with). Iterations count
/// from 0; iteration t is the (t+1)-th optimizer step. A new schedule is one arm of
/// <see cref="At(LearningRateSchedule, double, int, long, long, double, CooldownShape)"/>.
/// </summary>
public static class LearningRateSchedules
{
    /// <summary>The rate of <paramref name="spec"/> at <paramref name="iteration"/> (counted from 0).</summary>
    public static double LearningRate(RunSpec spec, long iteration) =>
        At(spec.Schedule, spec.LearningRate, spec.WarmupIterations, spec.Iterations, iteration, spec.CooldownFraction, spec.CooldownShape);

    /// <summary>
    /// Linear warmup to the peak rate over <paramref name="warmup"/> iterations, then by <paramref name="schedule"/>:
    /// <list type="bullet">
    /// <item>Constant: the peak.</item>
    /// <item>Cosine: from the peak to a tenth of it at the run's own last iteration (nanoGPT's schedule, Chinchilla's horizon).</item>
    /// <item>Wsd: the peak until <see cref="CooldownStart(long, double)"/> S = round((1 − f)·I), then with p = (t − S) / (I − S)
    /// the peak times 1 − √p (Sqrt) or 1 − p (Linear), reaching zero at I.</item>
    /// </list>
    /// Warmup wins where it overlaps a cooldown.
    /// </summary>
    public static double At(LearningRateSchedule schedule, double peak, int warmup, long iterations, long iteration,
        double cooldownFraction = 0.2, CooldownShape cooldownShape = CooldownShape.Sqrt)
    {
        if (iteration < warmup) return peak * (iteration + 1) / (warmup + 1);
        switch (schedule)
        {
            case LearningRateSchedule.Cosine:
            {
                double minimum = peak / 10;
                double progress = Math.Clamp((double)(iteration - warmup) / Math.Max(1, iterations - warmup), 0, 1);
                return minimum + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (peak - minimum);
            }
            case LearningRateSchedule.Wsd:
            {
                long start = CooldownStart(iterations, cooldownFraction);
                if (iteration < start) return peak;
                double progress = Math.Clamp((double)(iteration - start) / Math.Max(1, iterations - start), 0, 1);
                return peak * (cooldownShape == CooldownShape.Linear ? 1 - progress : 1 - Math.Sqrt(progress));
            }
            default:
                return peak;
        }
    }

    /// <summary>The rate as a function of the iteration (from 0), for analyses that integrate it.</summary>
    public static Func<long, double> Function(LearningRateSchedule schedule, double peak, int warmup, long iterations,
        double cooldownFraction = 0.2, CooldownShape cooldownShape = CooldownShape.Sqrt) =>
        iteration => At(schedule, peak, warmup, iterations, iteration, cooldownFraction, cooldownShape);

    /// <summary>The first iteration of a WSD run's cooldown: round((1 − cooldownFraction)·iterations), halves away from zero.</summary>
    public static long CooldownStart(long iterations, double cooldownFraction) =>
        (long)Math.Round((1 - cooldownFraction) * iterations, MidpointRounding.AwayFromZero);

    /// <inheritdoc cref="CooldownStart(long, double)"/>
    public static long CooldownStart(RunSpec spec) => CooldownStart(spec.Iterations, spec.CooldownFraction);

    /// <summary>
    /// Where a WSD branch of horizon <paramref name="iterations"/> forks from its trunk: its own cooldown start. Until
    /// then the branch's rates equal the trunk's (warmup, then the peak), so the branch resumes the trunk's checkpoint
    /// at that iteration and trains only its cooldown.
    /// </summary>
    public static long ForkIteration(long iterations, double cooldownFraction) => CooldownStart(iterations, cooldownFraction);

    /// <summary>The rate of every iteration 0 … I − 1, in order: what the engine uses, step by step.</summary>
    public static IEnumerable<double> Sequence(RunSpec spec)
    {
        for (long t = 0; t < spec.Iterations; t++) yield return LearningRate(spec, t);
    }
}
