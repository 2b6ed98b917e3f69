using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>The 95% intervals of a power law's exponent and coefficient.</summary>
public sealed record PowerLawIntervals(double?[] ExponentInterval, double?[] CoefficientInterval);

/// <summary>
/// A moving-block residual bootstrap along one curve, for the power-law fits. The curve's region is fixed to the
/// one the full fit used; its residuals in ln L about the fitted curve are resampled in circular blocks of
/// ⌈n^(1/3)⌉ consecutive evaluations (neighbouring evaluations share the model's state, so their noise is
/// correlated), added back to the fitted values, and the resampled curve is refitted.
/// </summary>
public static class CurveBootstrap
{
    public static PowerLawIntervals PowerLaw(IReadOnlyList<CurvePoint> curve, long? from, int resamples, int seed)
    {
        var samples = PowerLawSamples(curve, from, resamples, seed).Samples;
        return new PowerLawIntervals(Resampling.Interval(samples.Select(s => s.Exponent)), Resampling.Interval(samples.Select(s => s.Coefficient)));
    }

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
        return new PowerLawIntervals(Resampling.Interval(samples.Select(s => s.Exponent)), Resampling.Interval(samples.Select(s => s.Coefficient)));
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
            samples.Add(refit(resampled));
        }
        return samples;
    }
}
