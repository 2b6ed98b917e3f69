using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// Test loss against iterations as a power law L = C·I^(−b): a least-squares line log L = log C − b·log I over
/// the curve's linear region in log-log. The region ends at the last evaluation; its start skips warmup and
/// the plateau that can follow it (see <see cref="DetectStart"/>), unless the caller gives one.
/// </summary>
public static class PowerLawAnalysis
{
    /// <summary>A fit over fewer points than this says little; the detector never starts later than n − this.</summary>
    public const int MinimumPoints = 3;

    /// <summary>A point belongs to the line when its residual is within this many standard deviations of the line's noise.</summary>
    public const double Tolerance = 3.0;

    /// <summary>The smallest noise level assumed, in log loss (a relative 0.1%), so exact curves still tolerate rounding.</summary>
    public const double NoiseFloor = 1e-3;

    public static PowerLawFit Fit(IReadOnlyList<CurvePoint> curve, long? from = null)
    {
        var points = Region(curve, from);
        var line = LineFit.Fit(LogIterations(points), LogLosses(points));
        return new PowerLawFit(-line.Slope, Math.Exp(line.Intercept), line.R2, points[0].Iteration, points[^1].Iteration);
    }

    /// <summary>The points a fit uses: from <paramref name="from"/> when given, else from the detected start.</summary>
    public static IReadOnlyList<CurvePoint> Region(IReadOnlyList<CurvePoint> curve, long? from)
    {
        var points = CurveInput.LogPoints(curve, nameof(curve), MinimumPoints);
        if (from is not { } start) return points.Skip(DetectStart(points)).ToList();
        var region = points.Where(p => p.Iteration >= start).ToList();
        if (region.Count < MinimumPoints)
            throw new ArgumentException(
                $"only {region.Count} evaluation(s) at or after iteration {start} (the curve ends at {points[^1].Iteration}); a fit needs {MinimumPoints}: choose a smaller from.",
                nameof(from));
        return region;
    }

    /// <summary>
    /// The index where the straight part begins. The last third of the curve (at least 3 points) is taken as surely
    /// straight; the region then grows backwards one evaluation at a time while each new point lies within
    /// <see cref="Tolerance"/> standard deviations of the line through the region (the residuals' own spread,
    /// at least <see cref="NoiseFloor"/>). It stops at two misses in a row, so one noisy evaluation does not end
    /// it while warmup and a plateau, which bend away from the line, are left out.
    /// </summary>
    public static int DetectStart(IReadOnlyList<CurvePoint> points)
    {
        var x = LogIterations(points);
        var y = LogLosses(points);
        var n = points.Count;
        var start = n - Math.Max(MinimumPoints, (n + 2) / 3);
        var misses = 0;
        for (var k = start - 1; k >= 0 && misses < 2; k--)
        {
            var line = LineFit.Fit(x.AsSpan(start), y.AsSpan(start));
            var sigma = Math.Max(Math.Sqrt(line.ResidualVariance), NoiseFloor);
            var residual = y[k] - (line.Intercept + line.Slope * x[k]);
            if (Math.Abs(residual) <= Tolerance * sigma) { start = k; misses = 0; }
            else misses++;
        }
        return start;
    }

    internal static double[] LogIterations(IReadOnlyList<CurvePoint> points) => points.Select(p => Math.Log(p.Iteration)).ToArray();

    internal static double[] LogLosses(IReadOnlyList<CurvePoint> points) => points.Select(p => Math.Log(p.TestLoss)).ToArray();
}
