namespace OrleansScaling.Science.Runs;

/// <summary>
/// The one home of the learning-rate rule: the engine trains with it and the loss forecast
/// (<c>Analysis/Forecasts</c>) integrates it. A new schedule is one arm of <see cref="At(LearningRateSchedule, double, int, long, long)"/>.
/// </summary>
public static class LearningRateSchedules
{
    /// <summary>The rate of <paramref name="spec"/> at <paramref name="iteration"/> (counted from 0).</summary>
    public static double At(RunSpec spec, long iteration) =>
        At(spec.Schedule, spec.LearningRate, spec.WarmupIterations, spec.Iterations, iteration);

    /// <summary>
    /// Linear warmup to the peak rate, then constant or cosine decay to a tenth of it at the planned last iteration
    /// (nanoGPT's schedule). <paramref name="iteration"/> counts from 0.
    /// </summary>
    public static double At(LearningRateSchedule schedule, double peak, int warmup, long iterations, long iteration)
    {
        if (iteration < warmup) return peak * (iteration + 1) / (warmup + 1);
        if (schedule == LearningRateSchedule.Constant) return peak;
        double minimum = peak / 10;
        double progress = Math.Clamp((double)(iteration - warmup) / Math.Max(1, iterations - warmup), 0, 1);
        return minimum + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (peak - minimum);
    }

    /// <summary>The rate as a function of the iteration (from 0), for analyses that integrate it.</summary>
    public static Func<long, double> Function(LearningRateSchedule schedule, double peak, int warmup, long iterations) =>
        iteration => At(schedule, peak, warmup, iterations, iteration);
}
