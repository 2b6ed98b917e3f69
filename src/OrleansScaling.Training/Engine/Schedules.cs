using OrleansScaling.Science.Runs;

namespace OrleansScaling.Training.Engine;

/// <summary>The learning rate at each iteration and the iterations at which test loss is measured.</summary>
public static class Schedules
{
    /// <summary>The rate at <paramref name="iteration"/> (from 0): the rule lives in <see cref="LearningRateSchedules"/>, which the forecast shares.</summary>
    public static double LearningRate(RunSpec spec, long iteration) => LearningRateSchedules.At(spec, iteration);

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
