namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// The 95% intervals of an experiment's analyses, as the dashboard and the API show them: for each speedup cell (one
/// size, E and dropout; its seeds paired in order) the interval of the mean speedup, and for each power-law fit the
/// intervals of its exponent and coefficient and its pointwise band (<see cref="FitBands.PowerLaw"/>).
/// <see cref="Resamples"/> resamples with seed <see cref="Seed"/>, like `osc report`.
/// </summary>
public sealed class AnalysisIntervals
{
    public const int Resamples = 200;
    public const int Seed = 1;

    private readonly Dictionary<(long Params, int Epochs, double Dropout), double?[]?> _speedups = [];
    private readonly Dictionary<string, PowerLawBootstrap?> _powerLaws = [];

    /// <summary>One power law's intervals and band.</summary>
    public sealed record PowerLawBootstrap(double?[] Exponent, double?[] Coefficient, IReadOnlyList<double[]> Band);

    /// <param name="cache">Power-law bootstraps already computed, by run id: a finished run's curve, and so its intervals
    /// and band, do not change, and an experiment recomputes its analyses each time another run finishes.</param>
    public static AnalysisIntervals Compute(ExperimentAnalysis analysis, IReadOnlyList<FinishedRun> runs,
        IDictionary<string, PowerLawBootstrap?>? cache = null)
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
            if (cache is not null && cache.TryGetValue(fit.RunId, out var known))
            {
                result._powerLaws[fit.Key] = known;
                continue;
            }
            var computed = curves.TryGetValue(fit.Key, out var curve)
                ? Attempt(() =>
                {
                    var (full, samples) = CurveBootstrap.PowerLawSamples(curve, fit.Fit.FromIteration, Resamples, Seed);
                    return new PowerLawBootstrap(Resampling.Interval(samples.Select(s => s.Exponent)),
                        Resampling.Interval(samples.Select(s => s.Coefficient)), FitBands.PowerLaw(full, samples));
                })
                : null;
            result._powerLaws[fit.Key] = computed;
            if (cache is not null) cache[fit.RunId] = computed;
        }
        return result;
    }

    public double?[]? SpeedupCell(SpeedupEntry entry) => _speedups.GetValueOrDefault((entry.Params, entry.Epochs, entry.Dropout));

    public double?[]? Exponent(PowerLawEntry entry) => PowerLaw(entry)?.Exponent;

    public PowerLawBootstrap? PowerLaw(PowerLawEntry entry) => _powerLaws.GetValueOrDefault(entry.Key);

    /// <summary>An interval that cannot be computed (a curve too short to refit) is left out, never fails the analysis.</summary>
    private static T? Attempt<T>(Func<T> compute) where T : class?
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
