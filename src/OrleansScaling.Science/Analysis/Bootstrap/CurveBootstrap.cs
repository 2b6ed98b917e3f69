using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>The 95% intervals of a power law's exponent and coefficient, and what they rest on.</summary>
public sealed record PowerLawIntervals(double?[] ExponentInterval, double?[] CoefficientInterval)
{
    public IntervalBasis? Basis { get; init; }
}

/// <summary>
/// A moving-block residual bootstrap along one curve, for the power-law fits. The curve's region is fixed to the
/// one the full fit used; its residuals in ln L about the fitted curve are resampled in circular blocks of
/// ⌈n^(1/3)⌉ consecutive evaluations (neighbouring evaluations share the model's state, so their noise is
/// correlated), added back to the fitted values, and the resampled curve is refitted. A resample whose refit fails
/// or is not finite is degenerate: its sample is (NaN, NaN), left out of every interval and band, and counted; when
/// more than <see cref="MaxDegenerateFraction"/> are, the intervals are open at both ends and the basis says why.
/// Its coverage at small n is not yet checked by simulation (docs/science.md).
/// </summary>
public static class CurveBootstrap
{
    public const double MaxDegenerateFraction = 0.2;

    public static PowerLawIntervals PowerLaw(IReadOnlyList<CurvePoint> curve, long? from, int resamples, int seed)
    {
        var (fit, samples) = PowerLawSamples(curve, from, resamples, seed);
        return Intervals(PowerLawBasis(curve, fit.FromIteration, samples), samples);
    }

    /// <summary>
    /// What a power law's intervals and band (from <see cref="PowerLawSamples"/>) rest on: the evaluations in the fitted
    /// region, the block bootstrap, the resamples and how many were degenerate. <paramref name="from"/>: the fit's
    /// FromIteration.
    /// </summary>
    public static IntervalBasis PowerLawBasis(IReadOnlyList<CurvePoint> curve, long from, IReadOnlyList<(double Exponent, double Coefficient)> samples)
    {
        var n = PowerLawAnalysis.Region(curve, from).Count;
        var degenerate = samples.Count(s => !double.IsFinite(s.Exponent) || !double.IsFinite(s.Coefficient));
        return new IntervalBasis(n, IntervalBasis.Evaluations, $"moving-block residual bootstrap (blocks of {(int)Math.Ceiling(Math.Cbrt(n))})",
            samples.Count, degenerate, TooManyDegenerate(samples.Count, degenerate)
                ? $"{degenerate} of {samples.Count} resamples could not be refitted (over {MaxDegenerateFraction:P0}): no interval"
                : null);
    }

    public static bool TooManyDegenerate(int resamples, int degenerate) => degenerate > MaxDegenerateFraction * resamples;

    /// <summary>The exponent's and coefficient's intervals from the samples, open at both ends when too many were degenerate.</summary>
    public static PowerLawIntervals Intervals(IntervalBasis basis, IReadOnlyList<(double Exponent, double Coefficient)> samples) =>
        TooManyDegenerate(basis.Resamples, basis.Degenerate)
            ? new PowerLawIntervals([null, null], [null, null]) { Basis = basis }
            : new PowerLawIntervals(Resampling.Interval(samples.Select(s => s.Exponent)), Resampling.Interval(samples.Select(s => s.Coefficient))) { Basis = basis };

    /// <summary>The full fit and its resampled fits (exponent, coefficient), one per resample: what the intervals and bands are made of.</summary>
    public static (PowerLawFit Fit, IReadOnlyList<(double Exponent, double Coefficient)> Samples) PowerLawSamples(
        IReadOnlyList<CurvePoint> curve, long? from, int resamples, int seed)
    {
        var fit = PowerLawAnalysis.Fit(curve, from);
        var samples = Resample(curve, fit.FromIteration, i => fit.Coefficient * Math.Pow(i, -fit.Exponent), resamples, seed,
            c => { var f = PowerLawAnalysis.Fit(c, fit.FromIteration); return (f.Exponent, f.Coefficient); });
        return (fit, samples);
    }

    public static PowerLawIntervals Irreducible(IReadOnlyList<CurvePoint> curve, long? from, int resamples, int seed)
    {
        var fit = IrreducibleLossAnalysis.Fit(curve, from);
        var samples = Resample(curve, fit.FromIteration, i => fit.Irreducible + fit.Coefficient * Math.Pow(i, -fit.Exponent), resamples, seed,
            c => { var f = IrreducibleLossAnalysis.Fit(c, fit.FromIteration); return (f.Exponent, f.Coefficient); });
        var basis = PowerLawBasis(curve, fit.FromIteration, samples) with { Method = "moving-block residual bootstrap of L = E + C·I^(−b)" };
        return Intervals(basis, samples);
    }

    private static List<(double Exponent, double Coefficient)> Resample(
        IReadOnlyList<CurvePoint> curve, long from, Func<long, double> fitted, int resamples, int seed,
        Func<IReadOnlyList<CurvePoint>, (double, double)> refit)
    {
        Resampling.CheckCount(resamples);
        var region = PowerLawAnalysis.Region(curve, from);
        var n = region.Count;
        var logFitted = region.Select(p => Math.Log(fitted(p.Iteration))).ToArray();
        var residuals = region.Select((p, i) => Math.Log(p.TestLoss) - logFitted[i]).ToArray();
        var block = (int)Math.Ceiling(Math.Cbrt(n));
        var random = new Random(seed);
        var samples = new List<(double, double)>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            var drawn = new double[n];
            for (var i = 0; i < n; i += block)
            {
                var start = random.Next(n);
                for (var k = 0; k < block && i + k < n; k++) drawn[i + k] = residuals[(start + k) % n];
            }
            var resampled = region.Select((p, i) => p with { TestLoss = Math.Exp(logFitted[i] + drawn[i]) }).ToList();
            samples.Add(Refit(refit, resampled));
        }
        return samples;
    }

    /// <summary>A refit that fails (too few usable points, no convergence) or is not finite is a degenerate resample: (NaN, NaN).</summary>
    private static (double, double) Refit(Func<IReadOnlyList<CurvePoint>, (double, double)> refit, IReadOnlyList<CurvePoint> resampled)
    {
        try
        {
            var (b, c) = refit(resampled);
            return double.IsFinite(b) && double.IsFinite(c) ? (b, c) : (double.NaN, double.NaN);
        }
        catch (ArgumentException)
        {
            return (double.NaN, double.NaN);
        }
    }
}
