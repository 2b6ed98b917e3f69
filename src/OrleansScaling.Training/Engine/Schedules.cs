namespace OrleansScaling.Training.Engine;

/// <summary>
/// The iterations at which test loss is measured. The learning rate at each iteration is
/// <see cref="OrleansScaling.Science.Runs.LearningRateSchedules"/> (in Science, shared with the planner and the analyses).
/// </summary>
public static class Schedules
{
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
