using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>L = Irreducible + Coefficient·I^(−Exponent) over [FromIteration, ToIteration]; R² of log L.</summary>
public sealed record IrreducibleLossFit(
    double Irreducible,
    double Coefficient,
    double Exponent,
    double R2,
    long FromIteration,
    long ToIteration);

/// <summary>
/// The power law with an irreducible term, fitted by profiling E: for each E in [0, min L) the line
/// log(L − E) = log A − b·log I is a least-squares fit; E minimizes the squared error of log L
/// (a 400-point grid, then golden-section refinement around the best grid point).
/// </summary>
public static class IrreducibleLossAnalysis
{
    private const int GridPoints = 400;

    public static IrreducibleLossFit Fit(IReadOnlyList<CurvePoint> curve, long? from = null)
    {
        var points = PowerLawAnalysis.Region(curve, from);
        var x = PowerLawAnalysis.LogIterations(points);
        var logLoss = PowerLawAnalysis.LogLosses(points);
        var top = points.Min(p => p.TestLoss) * (1 - 1e-9);
        var step = top / GridPoints;
        var bestIndex = Enumerable.Range(0, GridPoints).MinBy(i => Error(i * step, x, logLoss, points));
        var (lo, hi) = (Math.Max(0, (bestIndex - 1) * step), Math.Min(top, (bestIndex + 1) * step));
        var e = GoldenSection(lo, hi, candidate => Error(candidate, x, logLoss, points));
        var line = LineAt(e, x, points);
        var sse = Error(e, x, logLoss, points);
        var mean = logLoss.Average();
        var sst = logLoss.Sum(v => (v - mean) * (v - mean));
        return new IrreducibleLossFit(e, Math.Exp(line.Intercept), -line.Slope, sst > 0 ? 1 - sse / sst : 1, points[0].Iteration, points[^1].Iteration);
    }

    private static LineFit LineAt(double e, double[] x, IReadOnlyList<CurvePoint> points) =>
        LineFit.Fit(x, points.Select(p => Math.Log(p.TestLoss - e)).ToArray());

    private static double Error(double e, double[] x, double[] logLoss, IReadOnlyList<CurvePoint> points)
    {
        var line = LineAt(e, x, points);
        double sse = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var r = Math.Log(e + Math.Exp(line.Intercept + line.Slope * x[i])) - logLoss[i];
            sse += r * r;
        }
        return sse;
    }

    private static double GoldenSection(double lo, double hi, Func<double, double> f)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = lo, b = hi;
        double c = b - ratio * (b - a), d = a + ratio * (b - a);
        double fc = f(c), fd = f(d);
        for (var i = 0; i < 100 && b - a > 1e-12 * Math.Max(1, b); i++)
        {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = f(c); }
            else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = f(d); }
        }
        return (a + b) / 2;
    }
}
