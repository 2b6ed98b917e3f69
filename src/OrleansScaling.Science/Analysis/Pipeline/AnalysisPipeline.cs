using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// The one road every analysis takes: a set of finished runs (spec + curve) and the settings in, every analysis with
/// its intervals and notes out. The experiment grain, the API, `osc experiments show`, `osc report` and the dashboard
/// all call this and only format what it returns, so the same runs give the same numbers (and the same JSON) on every
/// road. Pure and deterministic: the runs are taken in key order, every bootstrap is seeded.
/// Adding an analysis: a Science type (its result on <see cref="ExperimentAnalyses"/>), one call below, one view.
/// </summary>
public static class AnalysisPipeline
{
    /// <param name="cache">Per-run results kept between calls by a caller that re-analyses as runs finish (the experiment
    /// grain): a finished run's curve, and so its power law and bootstrap, do not change.</param>
    /// <param name="leftOut">Runs that finished without a result to analyse (a diverged run): each becomes a note, the
    /// same on every road ("d128-S-seed1 diverged at iteration 2 (loss NaN): left out").</param>
    public static ExperimentAnalyses Analyze(IReadOnlyList<FinishedRun> runs, AnalysisSettings? settings = null, AnalysisCache? cache = null,
        IReadOnlyList<LeftOutRun>? leftOut = null)
    {
        settings ??= AnalysisSettings.Default;
        Bootstrap.Resampling.CheckCount(settings.Resamples, "resamples");
        var sorted = runs.OrderBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
        var notes = new AnalysisNotes();
        foreach (var run in (leftOut ?? []).OrderBy(r => r.Key, StringComparer.Ordinal)) notes.Add($"{run.Key} {run.Why}: left out");
        foreach (var run in sorted.Where(r => r.Forecast is not null))
            notes.Add(StoppedNote(run));
        var speedups = SpeedupStage.Rows(sorted, settings, notes);
        var powerLaws = PowerLawStage.Rows(sorted, settings, notes, cache);
        var frontier = FrontierStage.Compute(sorted, notes);
        var dropout = DropoutStage.Rows(sorted);
        var scaling = ScalingStage.Compute(sorted, settings, notes);
        return new ExperimentAnalyses(default, speedups, powerLaws, frontier, notes.All,
            scaling.IsoFlop.Count > 0 ? scaling.IsoFlop : null, scaling.ComputeOptimal, scaling.Holdout, scaling.FitsPending)
        {
            Runs = sorted.Count,
            Settings = settings,
            Dropout = dropout.Count > 0 ? dropout : null,
            IsoFlopTrend = scaling.Trend,
            PlannerChecks = scaling.PlannerChecks.Count > 0 ? scaling.PlannerChecks : null,
        };
    }

    /// <summary>"d96-S-seed1 stopped early at iteration 140 of 451: its forecast final test loss, 5.102 nats [4.91, 5.15] (95%), stands in for its final loss".</summary>
    private static string StoppedNote(FinishedRun run)
    {
        var f = run.Forecast!;
        static string End(double? v) => v is { } x ? x.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "open";
        var interval = f.Interval is [var lo, var hi] ? $" [{End(lo)}, {End(hi)}] (95%)" : "";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{run.Key} stopped early at iteration {f.FromIteration} of {run.Spec.Iterations}: its forecast final test loss, {f.FinalLoss:F3} nats{interval}, stands in for its final loss");
    }
}

/// <summary>A run that finished without a result the analyses can use, and why ("diverged at iteration 2 (loss NaN)").</summary>
public sealed record LeftOutRun(string Key, string Why);

/// <summary>Per-run results a re-analysing caller keeps: each run's power law with its bootstrap, by run id and curve.</summary>
public sealed class AnalysisCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string RunId, int Points, long Last), (PowerLawRow? Row, string? Failure)> _powerLaws = new();

    internal (PowerLawRow? Row, string? Failure) PowerLaw(FinishedRun run, Func<(PowerLawRow?, string?)> compute) =>
        _powerLaws.GetOrAdd((run.RunId, run.Curve.Count, run.Curve.Count == 0 ? -1 : run.Curve[^1].Iteration), _ => compute());

    /// <summary>Drops what is kept for a run (retried: its curve will change).</summary>
    public void Forget(string runId)
    {
        foreach (var key in _powerLaws.Keys.Where(k => k.RunId == runId).ToList()) _powerLaws.TryRemove(key, out _);
    }
}
