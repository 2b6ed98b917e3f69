using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// A power law of test loss against iterations for every run (<see cref="PowerLawAnalysis"/>), with the 95% intervals
/// of its exponent and coefficient and its pointwise band from the moving-block bootstrap along the curve
/// (<see cref="CurveBootstrap"/>). A curve too short to fit is a note; one too short to resample has a fit without intervals.
/// </summary>
internal static class PowerLawStage
{
    public static IReadOnlyList<PowerLawRow> Rows(IReadOnlyList<FinishedRun> runs, AnalysisSettings settings, AnalysisNotes notes, AnalysisCache? cache)
    {
        // The bootstraps are independent: computed in parallel, collected in run order.
        var results = new (PowerLawRow? Row, string? Failure)[runs.Count];
        Parallel.For(0, runs.Count, i => results[i] = cache is null ? Compute(runs[i], settings) : cache.PowerLaw(runs[i], () => Compute(runs[i], settings)));
        foreach (var failure in results.Select(r => r.Failure).OfType<string>()) notes.Add(failure);
        return results.Select(r => r.Row).OfType<PowerLawRow>().ToList();
    }

    private static (PowerLawRow? Row, string? Failure) Compute(FinishedRun run, AnalysisSettings settings)
    {
        try
        {
            return (WithIntervals(run, PowerLawAnalysis.Fit(run.Curve), settings), null);
        }
        catch (ArgumentException e)
        {
            return (null, $"power law of {run.Key}: not computed: {e.Message}");
        }
    }

    private static PowerLawRow WithIntervals(FinishedRun run, PowerLawFit fit, AnalysisSettings settings)
    {
        try
        {
            var (full, samples) = CurveBootstrap.PowerLawSamples(run.Curve, fit.FromIteration, settings.Resamples, settings.Seed);
            var intervals = CurveBootstrap.Intervals(CurveBootstrap.PowerLawBasis(run.Curve, fit.FromIteration, samples), samples);
            return new PowerLawRow(run.RunId, run.Key, fit, intervals.ExponentInterval, intervals.CoefficientInterval,
                FitBands.PowerLaw(full, samples), intervals.Basis);
        }
        catch (ArgumentException e)
        {
            return new PowerLawRow(run.RunId, run.Key, fit, Basis: new IntervalBasis(0, IntervalBasis.Evaluations, "none", Note: e.Message));
        }
    }
}
