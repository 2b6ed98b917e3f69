using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Experiments;

/// <summary>
/// Turns an experiment's succeeded runs into its analyses with the science core's <see cref="ExperimentAnalyzer"/>,
/// <see cref="AnalysisIntervals"/> and <see cref="ExperimentScaling"/>; the parametric fits (seconds of CPU) only with
/// <paramref name="fits"/> (otherwise the analyses say FitsPending when the runs call for them).
/// </summary>
internal static class ExperimentAnalysesBuilder
{
    /// <param name="powerLawCache">Each run's power-law bootstrap (200 refits), kept by the experiment grain between calls.</param>
    public static ExperimentAnalyses? Build(IReadOnlyList<(RunView Run, IReadOnlyList<CurvePoint> Curve)> succeeded, DateTimeOffset now, bool fits = true,
        IDictionary<string, AnalysisIntervals.PowerLawBootstrap?>? powerLawCache = null)
    {
        if (succeeded.Count == 0) return null;
        var runs = succeeded.Select(r => new FinishedRun(r.Run.RunId, r.Run.Key, r.Run.Spec, r.Curve)).ToList();
        var analysis = ExperimentAnalyzer.Analyze(runs);
        var intervals = AnalysisIntervals.Compute(analysis, runs, powerLawCache);
        var scaling = ExperimentScaling.Analyze(runs, fits);
        return new ExperimentAnalyses(now,
            analysis.Speedups.Select(s => new SpeedupRow(s.DModel, s.Params, s.Epochs, s.Dropout, s.Seed, s.Result, s.SingleEpochKey, s.MultiEpochKey, intervals.SpeedupCell(s))).ToList(),
            analysis.PowerLaws.Select(p => intervals.PowerLaw(p) is { } b
                ? new PowerLawRow(p.RunId, p.Key, p.Fit, b.Exponent, b.Coefficient, b.Band)
                : new PowerLawRow(p.RunId, p.Key, p.Fit)).ToList(),
            analysis.Frontier,
            [.. analysis.Notes, .. scaling.Notes],
            scaling.IsoFlop.Count > 0 ? scaling.IsoFlop : null,
            scaling.ComputeOptimal,
            scaling.Holdout,
            scaling.FitsPending);
    }
}
