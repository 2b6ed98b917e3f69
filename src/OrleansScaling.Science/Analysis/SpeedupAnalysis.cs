using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// The paper's speedup of one-epoch training S over multi-epoch training M: the iteration at which M reaches
/// its best test loss, divided by the first iteration at which S reaches that loss, interpolated linearly in
/// log(iteration)–log(loss) between S's evaluations. When S's first evaluation already beats it, that
/// evaluation's iteration is used (the speedup is then a lower bound). Null when S never reaches it.
/// </summary>
public static class SpeedupAnalysis
{
    /// <summary>
    /// How far test loss may rise after its best and still be read as evaluation noise, not overfitting: two runs on
    /// the same data in another order, and neighbouring evaluations of one run, differ by 0.01–0.04 nats at CPU scale.
    /// M overfits — the regime the paper's comparison lives in — when its test loss ends more than this above its best.
    /// </summary>
    public const double OverfitMarginNats = 0.03;

    public static SpeedupResult Compute(IReadOnlyList<CurvePoint> single, IReadOnlyList<CurvePoint> multi)
    {
        var s = CurveInput.LogPoints(single, nameof(single), minimum: 1);
        var m = CurveInput.LogPoints(multi, nameof(multi), minimum: 1);
        var best = m.MinBy(p => p.TestLoss)!;
        var reach = FirstIterationReaching(s, best.TestLoss);
        return new SpeedupResult(best.Iteration / reach, best.Iteration, best.TestLoss, reach);
    }

    /// <summary>The first iteration at which the curve's test loss is at most <paramref name="loss"/>, log-log interpolated.</summary>
    public static double? FirstIterationReaching(IReadOnlyList<CurvePoint> curve, double loss)
    {
        for (var k = 0; k < curve.Count; k++)
        {
            if (curve[k].TestLoss > loss) continue;
            if (k == 0) return curve[0].Iteration;
            var (a, b) = (curve[k - 1], curve[k]);
            var t = (Math.Log(loss) - Math.Log(a.TestLoss)) / (Math.Log(b.TestLoss) - Math.Log(a.TestLoss));
            return Math.Exp(Math.Log(a.Iteration) + t * (Math.Log(b.Iteration) - Math.Log(a.Iteration)));
        }
        return null;
    }
}
