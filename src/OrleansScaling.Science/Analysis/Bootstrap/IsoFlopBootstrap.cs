using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>One budget's 95% intervals: optimal params and tokens per parameter; a null end is unbounded.</summary>
public sealed record IsoFlopBudgetIntervals(double Budget, double?[] OptimalParamsInterval, double?[] TokensPerParamInterval, int Unbounded, IntervalBasis? Basis = null);

/// <summary>
/// The IsoFLOP bootstrap: within each budget the runs are drawn with replacement and the parabola refitted. A
/// resample with fewer than 3 distinct sizes cannot be fitted and is drawn again. A resample whose parabola does not
/// curve upward has no minimum: its optimum counts as unbounded toward the side where the loss falls (∞ params or
/// 0), so an interval reaching it has an open (null) end, and <see cref="IsoFlopBudgetIntervals.Unbounded"/> counts them.
/// </summary>
public static class IsoFlopBootstrap
{
    private const int MaxRedraws = 1000;

    public static IReadOnlyList<IsoFlopBudgetIntervals> Run(IReadOnlyList<LossObservation> runs, int resamples, int seed)
    {
        Resampling.CheckCount(resamples);
        IsoFlopAnalysis.Compute(runs); // the same checks and messages as the point fit
        var random = new Random(seed);
        var result = new List<IsoFlopBudgetIntervals>();
        foreach (var group in runs.GroupBy(r => r.Budget).OrderBy(g => g.Key))
        {
            var rows = group.ToList();
            var optima = new List<(double Params, double TokensPerParam)>();
            var unbounded = 0;
            for (var r = 0; r < resamples; r++)
            {
                var drawn = Draw(random, rows);
                var (p, tpp) = Optimum(drawn);
                if (!double.IsFinite(p) || p == 0) unbounded++;
                optima.Add((p, tpp));
            }
            result.Add(new IsoFlopBudgetIntervals(group.Key, Resampling.Interval(optima.Select(o => o.Params)), Resampling.Interval(optima.Select(o => o.TokensPerParam)), unbounded,
                new IntervalBasis(rows.Count, IntervalBasis.Runs, "percentile bootstrap over runs", resamples, unbounded)));
        }
        return result;
    }

    private static List<LossObservation> Draw(Random random, List<LossObservation> rows)
    {
        for (var attempt = 0; attempt < MaxRedraws; attempt++)
        {
            var drawn = Resampling.Indices(random, rows.Count).Select(i => rows[i]).ToList();
            if (drawn.Select(d => d.Params).Distinct().Count() >= 3) return drawn;
        }
        throw new ArgumentException("the budget's runs rarely include 3 distinct sizes when resampled: add runs of more sizes.", "budget");
    }

    /// <summary>The parabola's minimum (params, tokens/param), or the unbounded end the loss falls toward.</summary>
    private static (double Params, double TokensPerParam) Optimum(List<LossObservation> runs)
    {
        var x = runs.Select(r => Math.Log(r.Params)).ToArray();
        var c = MathNet.Numerics.Fit.Polynomial(x, runs.Select(r => r.Loss).ToArray(), 2);
        var product = Math.Exp(runs.Average(r => Math.Log(r.Params) + Math.Log(r.Tokens)));
        if (c[2] > 0)
        {
            var optimalParams = Math.Exp(-c[1] / (2 * c[2]));
            var tokens = product / optimalParams;
            return (optimalParams, tokens / optimalParams);
        }
        // No minimum: the loss falls toward larger models when its slope at the largest size is negative.
        var slope = c[1] + 2 * c[2] * x.Max();
        return slope < 0 ? (double.PositiveInfinity, 0) : (0, double.PositiveInfinity);
    }
}
