using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>Speedup over seeds: the mean of the pairs' speedups, each pair, and the 95% interval.</summary>
public sealed record SpeedupSummary(double? Speedup, IReadOnlyList<SpeedupResult> Pairs, double?[]? SpeedupInterval, IntervalBasis? Basis = null);

/// <summary>
/// The speedup's uncertainty from its two sources. Seeds: the (S, M) pairs, paired in order, are drawn with
/// replacement and their speedups averaged. The evaluation grid: M's best is known only to lie between the
/// evaluations next to the best one, so each resample draws M's best iteration uniformly in ln(iteration) between
/// the midpoints to its neighbours (the first and last evaluations bound it from one side); S's iteration to reach
/// M's best loss is interpolated as in <see cref="SpeedupAnalysis"/>. A pair where S never reaches M's best loss
/// counts M's best iteration ÷ S's last iteration, an upper bound.
/// </summary>
public static class SpeedupBootstrap
{
    public static SpeedupSummary Run(IReadOnlyList<IReadOnlyList<CurvePoint>> singles, IReadOnlyList<IReadOnlyList<CurvePoint>> multis, int? resamples, int seed)
    {
        if (singles.Count == 0 || singles.Count != multis.Count)
            throw new ArgumentException($"give one M curve per S curve, paired in order (got {singles.Count} S and {multis.Count} M).", "pairs");
        var pairs = singles.Select((s, i) => SpeedupAnalysis.Compute(s, multis[i])).ToList();
        var speedup = pairs.All(p => p.Speedup is not null) ? pairs.Average(p => p.Speedup!.Value) : (double?)null;
        if (resamples is not { } count) return new SpeedupSummary(speedup, pairs, null);
        Resampling.CheckCount(count);
        var grids = multis.Select((m, i) => Grid(m, pairs[i].MultiEpochBestIteration)).ToList();
        var random = new Random(seed);
        var values = new double[count];
        for (var r = 0; r < count; r++)
        {
            double sum = 0;
            for (var k = 0; k < pairs.Count; k++)
            {
                var i = random.Next(pairs.Count);
                var (lo, hi) = grids[i];
                var best = Math.Exp(lo + random.NextDouble() * (hi - lo));
                var single = singles[i];
                var reach = SpeedupAnalysis.FirstIterationReaching(single.Where(p => p.Iteration > 0).ToList(), pairs[i].MultiEpochBestLoss)
                    ?? single[^1].Iteration;
                sum += best / reach;
            }
            values[r] = sum / pairs.Count;
        }
        return new SpeedupSummary(speedup, pairs, Resampling.Interval(values),
            new IntervalBasis(pairs.Count, IntervalBasis.Seeds, "percentile bootstrap over seeds and the evaluation grid", count));
    }

    /// <summary>ln of the range M's best iteration may lie in: halfway (in ln) to the evaluations either side of it.</summary>
    private static (double Lo, double Hi) Grid(IReadOnlyList<CurvePoint> multi, long best)
    {
        var iterations = multi.Where(p => p.Iteration > 0).Select(p => Math.Log(p.Iteration)).ToArray();
        var k = Array.IndexOf(iterations, Math.Log(best));
        var lo = k > 0 ? (iterations[k - 1] + iterations[k]) / 2 : iterations[k];
        var hi = k < iterations.Length - 1 ? (iterations[k] + iterations[k + 1]) / 2 : iterations[k];
        return (lo, hi);
    }
}
