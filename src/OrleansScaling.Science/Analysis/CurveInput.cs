using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>Checks on curves handed to an analysis; errors name the curve (the parameter) and say what is wrong.</summary>
internal static class CurveInput
{
    /// <summary>The points usable on log axes: iteration &gt; 0 and a positive finite test loss, sorted by iteration.</summary>
    public static IReadOnlyList<CurvePoint> LogPoints(IReadOnlyList<CurvePoint>? curve, string name, int minimum)
    {
        if (curve is null || curve.Count == 0) throw new ArgumentException($"the {name} curve is empty: give at least {minimum} evaluations.", name);
        for (var i = 0; i < curve.Count; i++)
        {
            var p = curve[i];
            if (!double.IsFinite(p.TestLoss) || p.TestLoss <= 0)
                throw new ArgumentException($"the {name} curve's test loss at iteration {p.Iteration} is {p.TestLoss}: losses must be positive finite numbers.", name);
            if (i > 0 && p.Iteration <= curve[i - 1].Iteration)
                throw new ArgumentException($"the {name} curve is not sorted: iteration {p.Iteration} follows {curve[i - 1].Iteration}; sort it and drop duplicates.", name);
        }
        var usable = curve.Where(p => p.Iteration > 0).ToList();
        if (usable.Count < minimum)
            throw new ArgumentException($"the {name} curve has {usable.Count} evaluations after iteration 0; this analysis needs at least {minimum}.", name);
        return usable;
    }
}
