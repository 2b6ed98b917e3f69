namespace OrleansScaling.Science.Runs;

/// <summary>
/// The one learning-rate rule, shared by the engine (each step's rate), the planner (where a WSD branch forks from its
/// trunk) and the analyses (the rate sequence a run was trained with). Iterations count from 0; iteration t is the
/// (t+1)-th optimizer step.
/// </summary>
public static class LearningRateSchedules
{
    /// <summary>
    /// Linear warmup to the peak rate over <see cref="RunSpec.WarmupIterations"/>, then by <see cref="RunSpec.Schedule"/>:
    /// <list type="bullet">
    /// <item>Constant: the peak.</item>
    /// <item>Cosine: from the peak to a tenth of it at the run's own last iteration (nanoGPT's schedule, Chinchilla's horizon).</item>
    /// <item>Wsd: the peak until <see cref="CooldownStart"/> S = round((1 − f)·I), then with p = (t − S) / (I − S) the peak
    /// times 1 − √p (Sqrt) or 1 − p (Linear), reaching zero at I.</item>
    /// </list>
    /// Warmup wins where it overlaps a cooldown.
    /// </summary>
    public static double LearningRate(RunSpec spec, long iteration)
    {
        if (iteration < spec.WarmupIterations)
            return spec.LearningRate * (iteration + 1) / (spec.WarmupIterations + 1);
        switch (spec.Schedule)
        {
            case LearningRateSchedule.Cosine:
            {
                double minimum = spec.LearningRate / 10;
                double progress = Math.Clamp((double)(iteration - spec.WarmupIterations) / Math.Max(1, spec.Iterations - spec.WarmupIterations), 0, 1);
                return minimum + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (spec.LearningRate - minimum);
            }
            case LearningRateSchedule.Wsd:
            {
                long start = CooldownStart(spec);
                if (iteration < start) return spec.LearningRate;
                double progress = Math.Clamp((double)(iteration - start) / Math.Max(1, spec.Iterations - start), 0, 1);
                return spec.LearningRate * (spec.CooldownShape == CooldownShape.Linear ? 1 - progress : 1 - Math.Sqrt(progress));
            }
            default:
                return spec.LearningRate;
        }
    }

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
