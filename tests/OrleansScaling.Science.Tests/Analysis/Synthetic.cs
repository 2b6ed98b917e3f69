using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Tests.Analysis;

/// <summary>Learning curves with known answers: losses from a formula at given iterations, FLOPs = 6·P·c·I.</summary>
internal static class Synthetic
{
    public static IReadOnlyList<CurvePoint> Curve(IEnumerable<long> iterations, Func<long, double> loss, long parameters = 1_000_000, long tokensPerIteration = 2048) =>
        iterations.Select(i => new CurvePoint(i, i * tokensPerIteration, 6.0 * parameters * tokensPerIteration * i, loss(i), loss(i), 1e-3, i * 0.01, 1e5)).ToList();

    public static IReadOnlyList<CurvePoint> CurveOf(IEnumerable<long> iterations, Func<long, double> loss) => Curve(iterations, loss);

    public static IEnumerable<long> Every(long step, long last, long first = 0)
    {
        for (var i = first == 0 ? step : first; i <= last; i += step) yield return i;
    }

    /// <summary>Multiplicative Gaussian noise of relative size sigma, seeded.</summary>
    public static Func<long, double> WithNoise(Func<long, double> loss, double sigma, int seed)
    {
        var random = new Random(seed);
        return i =>
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return loss(i) * Math.Exp(sigma * gaussian);
        };
    }
}
