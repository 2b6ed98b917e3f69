using MathNet.Numerics.Distributions;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>Speedup over seeds: the mean of the pairs' speedups, each pair, the 95% interval and what it rests on.</summary>
public sealed record SpeedupSummary(double? Speedup, IReadOnlyList<SpeedupResult> Pairs, double?[]? SpeedupInterval, IntervalBasis? Basis = null);

/// <summary>
/// The speedup's 95% interval over n seed pairs (S₁, M₁), (S₂, M₂), … paired in order. Each pair's own speedup v_i
/// is one measurement; the interval is the t interval of their mean with n − 1 degrees of freedom, widened for the
/// evaluation grid: M's best is known only to lie between the evaluations next to the best one (halfway in
/// ln(iteration) to each), which moves v_i by a uniform factor of SD g_i = v_i·w_i/√12 (w_i the width in ln). When
/// the seeds' bests sit on the same grid point that error is shared by all seeds and the seeds' spread does not show
/// it, so the half-width is √((t·s/√n)² + (1.96·ḡ)²), with ḡ the mean g_i (fully correlated, the cautious case).
/// A percentile bootstrap over two seeds is only the range of the two, which covers the mean about half the time:
/// docs/science.md has the coverage of this method at 2, 3 and 5 seeds.
/// One seed: nothing measures the seed-to-seed scatter, so the interval is only the range the grid allows for M's
/// best, and the basis (method and note) says it is not a 95% interval. A pair where
/// S never reaches M's best counts M's best iteration ÷ S's last iteration, an upper bound on its speedup, so the
/// interval's lower end is open.
/// </summary>
public static class SpeedupBootstrap
{
    public const string Method = "t interval over seeds (n − 1 dof), widened by the evaluation grid";
    public const string OneSeedMethod = "evaluation grid only (one seed)";

    /// <param name="resamples">Null: no interval (as without --bootstrap). Otherwise checked as a resample count, for the
    /// callers that pass one; the interval needs no resampling.</param>
    /// <param name="seed">Unused (the interval draws nothing); kept for the callers.</param>
    public static SpeedupSummary Run(IReadOnlyList<IReadOnlyList<CurvePoint>> singles, IReadOnlyList<IReadOnlyList<CurvePoint>> multis, int? resamples, int seed)
    {
        if (singles.Count == 0 || singles.Count != multis.Count)
            throw new ArgumentException($"give one M curve per S curve, paired in order (got {singles.Count} S and {multis.Count} M).", "pairs");
        var pairs = singles.Select((s, i) => SpeedupAnalysis.Compute(s, multis[i])).ToList();
        var speedup = pairs.All(p => p.Speedup is not null) ? pairs.Average(p => p.Speedup!.Value) : (double?)null;
        if (resamples is not { } count) return new SpeedupSummary(speedup, pairs, null);
        Resampling.CheckCount(count);
        var (interval, basis) = Interval(singles, multis, pairs);
        return new SpeedupSummary(speedup, pairs, interval, basis);
    }

    private static (double?[]? Interval, IntervalBasis Basis) Interval(
        IReadOnlyList<IReadOnlyList<CurvePoint>> singles, IReadOnlyList<IReadOnlyList<CurvePoint>> multis, IReadOnlyList<SpeedupResult> pairs)
    {
        var n = pairs.Count;
        // Each seed's speedup; one whose S never reaches M's best counts its upper bound.
        var values = pairs.Select((p, i) => p.Speedup ?? p.MultiEpochBestIteration / (double)singles[i].Where(x => x.Iteration > 0).Last().Iteration).ToArray();
        var grids = multis.Select((m, i) => Grid(m, pairs[i].MultiEpochBestIteration)).ToArray();
        var unreached = pairs.Count(p => p.Speedup is null);
        if (n == 1)
        {
            var (lo, hi) = grids[0];
            var best = Math.Log(pairs[0].MultiEpochBestIteration);
            double?[] range = [unreached > 0 ? null : values[0] * Math.Exp(lo - best), values[0] * Math.Exp(hi - best)];
            return (range, new IntervalBasis(1, IntervalBasis.Seeds, OneSeedMethod,
                Note: "the range the evaluation grid allows, not a 95% interval: the seed-to-seed scatter is not measured; run 2 seeds or more"
                    + (unreached > 0 ? "; S never reached M's best, so the lower end is open" : "")));
        }
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - Resampling.Level) / 2);
        var grid = values.Select((v, i) => v * (grids[i].Hi - grids[i].Lo) / Math.Sqrt(12)).Average();
        var z = Normal.InvCDF(0, 1, 1 - (1 - Resampling.Level) / 2);
        var half = Math.Sqrt(t * t * sd * sd / n + z * z * grid * grid);
        var note = unreached > 0
            ? $"S never reached M's best at {unreached} of {n} seeds: counted at M's best ÷ S's last iteration (an upper bound), so the lower end is open"
            : null;
        double?[] interval = [unreached > 0 ? null : Math.Max(0, mean - half), mean + half]; // a speedup is positive
        return (interval, new IntervalBasis(n, IntervalBasis.Seeds, Method, Note: note));
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
