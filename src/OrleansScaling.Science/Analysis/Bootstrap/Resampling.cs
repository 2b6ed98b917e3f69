namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// The pieces every bootstrap shares: a seeded generator (the same seed gives the same resamples on every machine:
/// <see cref="Random(int)"/> is a fixed algorithm), index draws with replacement, and the 95% percentile interval.
/// </summary>
public static class Resampling
{
    /// <summary>The coverage of every interval: 95%, the 2.5th and 97.5th percentiles of the resampled values.</summary>
    public const double Level = 0.95;

    public static void CheckCount(int resamples, string name = "resamples")
    {
        if (resamples < 10 || resamples > 100_000)
            throw new ArgumentException($"a bootstrap needs 10 to 100,000 resamples (got {resamples}); 200 or more give stable 95% intervals.", name);
    }

    /// <summary>n indices drawn uniformly with replacement from [0, n).</summary>
    public static int[] Indices(Random random, int n)
    {
        var indices = new int[n];
        for (var i = 0; i < n; i++) indices[i] = random.Next(n);
        return indices;
    }

    /// <summary>A standard normal draw (Box–Muller), from the caller's generator.</summary>
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// The central <see cref="Level"/> interval of the values: linear interpolation between order statistics at the
    /// 2.5th and 97.5th percentiles. Infinite values are allowed (an unbounded resample) and give a null end.
    /// </summary>
    public static double?[] Interval(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return [null, null];
        var tail = (1 - Level) / 2;
        return [Finite(Quantile(sorted, tail)), Finite(Quantile(sorted, 1 - tail))];
    }

    public static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var weight = position - below;
        if (weight == 0 || sorted[below] == sorted[above]) return sorted[below];
        return sorted[below] + weight * (sorted[above] - sorted[below]);
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
