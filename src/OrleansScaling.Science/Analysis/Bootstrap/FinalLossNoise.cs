using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// A run's final-loss evaluation noise, measured on its own curve: the residual SD (in nats, n − 2 dof) of its last
/// <see cref="Evaluations"/> test losses about a straight line in ln(iteration), which takes out the curve's slow
/// trend and leaves the evaluation-to-evaluation scatter. It is the noise of the test-set estimate, not the
/// seed-to-seed scatter of the run itself. Null when the curve has fewer than <see cref="MinimumDegrees"/> + 2
/// evaluations after iteration 0.
/// </summary>
public static class FinalLossNoise
{
    public const int Evaluations = 10;

    /// <summary>The fewest degrees of freedom a measured noise rests on; the IsoFLOP interval uses its t quantile.</summary>
    public const int MinimumDegrees = 4;

    public static double? Of(IReadOnlyList<CurvePoint> curve)
    {
        var tail = curve.Where(p => p.Iteration > 0 && double.IsFinite(p.TestLoss)).TakeLast(Evaluations).ToArray();
        if (tail.Length < MinimumDegrees + 2) return null;
        var x = tail.Select(p => Math.Log(p.Iteration)).ToArray();
        var y = tail.Select(p => p.TestLoss).ToArray();
        var (mx, my) = (x.Average(), y.Average());
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        var slope = sxx > 0 ? x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / sxx : 0;
        var rss = x.Zip(y).Sum(p => Math.Pow(p.Second - my - slope * (p.First - mx), 2));
        return Math.Sqrt(rss / (tail.Length - 2));
    }
}
