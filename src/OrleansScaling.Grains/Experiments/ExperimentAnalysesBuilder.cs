using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Experiments;

/// <summary>Turns an experiment's succeeded runs into its analyses with the science core's <see cref="ExperimentAnalyzer"/>.</summary>
internal static class ExperimentAnalysesBuilder
{
    /// <param name="exponentCache">Power-law exponent intervals by run id, kept by the experiment grain between calls.</param>
    public static ExperimentAnalyses? Build(IReadOnlyList<(RunView Run, IReadOnlyList<CurvePoint> Curve)> succeeded, DateTimeOffset now,
        IDictionary<string, double?[]?>? exponentCache = null)
    {
        if (succeeded.Count == 0) return null;
        var runs = succeeded.Select(r => new FinishedRun(r.Run.RunId, r.Run.Key, r.Run.Spec, r.Curve)).ToList();
        var analysis = ExperimentAnalyzer.Analyze(runs);
        var intervals = AnalysisIntervals.Compute(analysis, runs, exponentCache);
        return new ExperimentAnalyses(now,
            analysis.Speedups.Select(s => new SpeedupRow(s.DModel, s.Params, s.Epochs, s.Dropout, s.Seed, s.Result, s.SingleEpochKey, s.MultiEpochKey, intervals.SpeedupCell(s))).ToList(),
            analysis.PowerLaws.Select(p => new PowerLawRow(p.RunId, p.Key, p.Fit, intervals.Exponent(p))).ToList(),
            analysis.Frontier,
            analysis.Notes);
    }
}
