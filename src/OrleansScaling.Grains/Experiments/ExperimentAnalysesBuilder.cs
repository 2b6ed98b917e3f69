using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Experiments;

/// <summary>
/// An experiment's analyses: Science's <see cref="AnalysisPipeline"/> over its succeeded runs, with the default
/// settings that `osc report` uses too (so an export re-read gives the same analyses); the parametric fits (seconds of
/// CPU) only with <paramref name="fits"/> (otherwise the analyses say FitsPending when the runs call for them).
/// </summary>
internal static class ExperimentAnalysesBuilder
{
    /// <param name="cache">Each run's power law and bootstrap, kept by the experiment grain between calls.</param>
    public static ExperimentAnalyses? Build(IReadOnlyList<(RunView Run, IReadOnlyList<CurvePoint> Curve)> succeeded, DateTimeOffset now, bool fits = true,
        AnalysisCache? cache = null)
    {
        if (succeeded.Count == 0) return null;
        var runs = succeeded.Select(r => new FinishedRun(r.Run.RunId, r.Run.Key, r.Run.Spec, r.Curve) { Source = r.Run.ExperimentId }).ToList();
        return AnalysisPipeline.Analyze(runs, AnalysisSettings.Default with { Fits = fits }, cache) with { ComputedAt = now };
    }
}
