using OrleansScaling.Science.Runs;

namespace OrleansScaling.Training.Engine;

/// <summary>The learning rate at each iteration and the iterations at which test loss is measured.</summary>
public static class Schedules
{
    /// <summary>
    /// Linear warmup to the peak rate, then constant or cosine decay to a tenth of it at the planned last iteration
    /// (nanoGPT's schedule). <paramref name="iteration"/> counts from 0.
    /// </summary>
    public static double LearningRate(RunSpec spec, long iteration)
    {
        if (iteration < spec.WarmupIterations)
            return spec.LearningRate * (iteration + 1) / (spec.WarmupIterations + 1);
        if (spec.Schedule == LearningRateSchedule.Constant) return spec.LearningRate;
        double minimum = spec.LearningRate / 10;
        double progress = Math.Clamp((double)(iteration - spec.WarmupIterations) / Math.Max(1, spec.Iterations - spec.WarmupIterations), 0, 1);
        return minimum + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (spec.LearningRate - minimum);
    }

    /// <summary>
    /// About <paramref name="points"/> evaluation iterations (counted after the step, so 1 … I): half spaced
    /// logarithmically, so a power-law fit has points in every decade, half linearly, so the late curve is dense;
    /// the last iteration always included.
    /// </summary>
    public static SortedSet<long> EvaluationIterations(long iterations, int points)
    {
        var result = new SortedSet<long> { iterations };
        int logPoints = (points + 1) / 2, linearPoints = points - logPoints;
        for (int k = 0; k < logPoints; k++)
            result.Add((long)Math.Round(Math.Pow(iterations, logPoints == 1 ? 1 : (double)k / (logPoints - 1))));
        for (int k = 1; k <= linearPoints; k++)
            result.Add(Math.Max(1, (long)Math.Round((double)iterations * k / linearPoints)));
        return result;
    }
}
