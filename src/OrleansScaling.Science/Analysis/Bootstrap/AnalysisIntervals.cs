namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// The 95% intervals of an experiment's analyses, as the dashboard and the API show them: for each speedup cell (one
/// size, E and dropout; its seeds paired in order) the interval of the mean speedup, and for each power-law fit the
/// interval of its exponent. <see cref="Resamples"/> resamples with seed <see cref="Seed"/>, like `osc report`.
/// </summary>
public sealed class AnalysisIntervals
{
    public const int Resamples = 200;
    public const int Seed = 1;

    private readonly Dictionary<(long Params, int Epochs, double Dropout), double?[]?> _speedups = [];
    private readonly Dictionary<string, double?[]?> _exponents = [];

    /// <param name="exponentCache">Exponent intervals already computed, by run id: a finished run's curve, and so its
    /// interval, does not change, and an experiment recomputes its analyses each time another run finishes.</param>
    public static AnalysisIntervals Compute(ExperimentAnalysis analysis, IReadOnlyList<FinishedRun> runs,
        IDictionary<string, double?[]?>? exponentCache = null)
    {
        var result = new AnalysisIntervals();
        var curves = runs.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First().Curve);
        foreach (var cell in analysis.Speedups.GroupBy(s => (s.Params, s.Epochs, s.Dropout)))
        {
            var pairs = cell.OrderBy(s => s.Seed).ToList();
            result._speedups[cell.Key] = Attempt(() => SpeedupBootstrap.Run(
                pairs.Select(p => curves[p.SingleEpochKey]).ToList(), pairs.Select(p => curves[p.MultiEpochKey]).ToList(), Resamples, Seed).SpeedupInterval);
        }
        foreach (var fit in analysis.PowerLaws)
        {
            if (exponentCache is not null && exponentCache.TryGetValue(fit.RunId, out var known))
            {
                result._exponents[fit.Key] = known;
                continue;
            }
            result._exponents[fit.Key] = curves.TryGetValue(fit.Key, out var curve)
                ? Attempt(() => CurveBootstrap.PowerLaw(curve, fit.Fit.FromIteration, Resamples, Seed).ExponentInterval)
                : null;
            if (exponentCache is not null) exponentCache[fit.RunId] = result._exponents[fit.Key];
        }
        return result;
    }

    public double?[]? SpeedupCell(SpeedupEntry entry) => _speedups.GetValueOrDefault((entry.Params, entry.Epochs, entry.Dropout));

    public double?[]? Exponent(PowerLawEntry entry) => _exponents.GetValueOrDefault(entry.Key);

    /// <summary>An interval that cannot be computed (a curve too short to refit) is left out, never fails the analysis.</summary>
    private static double?[]? Attempt(Func<double?[]?> compute)
    {
        try
        {
            return compute();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
