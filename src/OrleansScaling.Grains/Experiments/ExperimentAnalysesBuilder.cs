using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Experiments;

/// <summary>
/// An experiment's analyses: Science's <see cref="AnalysisPipeline"/> over its succeeded runs and its runs stopped early
/// (with their forecasts; see <see cref="StoppedRuns"/>), diverged runs only as notes, with the default
/// settings that `osc report` uses too (so an export re-read gives the same analyses); the parametric fits (seconds of
/// CPU) only with <paramref name="fits"/> (otherwise the analyses say FitsPending when the runs call for them).
/// </summary>
public static class ExperimentAnalysesBuilder
{
    /// <param name="cache">Each run's power law and bootstrap, kept by the experiment grain between calls.</param>
    /// <param name="diverged">Runs that ended Diverged: left out of every analysis, each with a note
    /// ("d128-S-seed1 diverged at iteration 2 (loss NaN): left out").</param>
    /// <param name="succeeded">Runs that succeeded or stopped early, with their curves.</param>
    public static ExperimentAnalyses? Build(IReadOnlyList<(RunView Run, IReadOnlyList<CurvePoint> Curve)> succeeded, DateTimeOffset now, bool fits = true,
        AnalysisCache? cache = null, IReadOnlyList<RunView>? diverged = null)
    {
        var leftOut = (diverged ?? []).Select(r => new LeftOutRun(r.Key, Divergence.WithoutAdvice(r.StopReason ?? "diverged"))).ToList();
        if (succeeded.Count == 0 && leftOut.Count == 0) return null;
        var runs = new List<FinishedRun>();
        foreach (var (view, curve) in succeeded)
        {
            var run = new FinishedRun(view.RunId, view.Key, view.Spec, curve) { Source = view.ExperimentId };
            // A run stopped early counts with the forecast its stop rested on, as `osc report` counts it from an export.
            if (view.Status != RunStatus.StoppedEarly) runs.Add(run);
            else if (StoppedRuns.WithForecast(run, view.Forecast) is { } stopped) runs.Add(stopped);
            else leftOut.Add(StoppedRuns.LeftOut(view.Key));
        }
        return AnalysisPipeline.Analyze(runs, AnalysisSettings.Default with { Fits = fits }, cache, leftOut) with { ComputedAt = now };
    }
}
