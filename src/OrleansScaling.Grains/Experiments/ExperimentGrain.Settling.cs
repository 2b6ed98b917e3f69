using System.Collections.Immutable;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Experiments;

// Settling: the finished runs, the analyses and the catalog's summary catch up with the runs' views. A sweep can
// have thousands of runs finishing seconds apart, so while runs are still going this happens at most once per
// SettleDelay (one write, one analysis over every succeeded curve, one summary); the last run to finish settles at
// once, so an experiment that reads Succeeded already has its final analyses but for the parametric fits, which take
// seconds of CPU (about 20 s for 15 runs on two cores): they follow in an interleaving timer callback (FitsPending
// until then), after the call that finished the last run has returned, computed off the scheduler's threads while
// the grain goes on answering calls.
public sealed partial class ExperimentGrain
{
    private static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(1);

    /// <summary>Succeeded runs' curves, fetched once: a finished curve changes only when the run is retried.</summary>
    private readonly Dictionary<string, IReadOnlyList<CurvePoint>> _curves = [];

    /// <summary>Each succeeded run's power-law bootstrap (200 refits), computed once. Concurrent: the fits' timer turn
    /// interleaves with settles, and both may compute on the thread pool at once.</summary>
    private readonly AnalysisCache _analysisCache = new();
    private IGrainTimer? _settleTimer;
    private IGrainTimer? _fitsTimer;

    private async Task OnRunsChanged()
    {
        if (FinishedRunIds().SetEquals(State.FinishedRunIds)) return;
        if (AllFinished()) await Settle();
        else _settleTimer ??= this.RegisterGrainTimer(_ => Settle(), new GrainTimerCreationOptions(SettleDelay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Also called on activation, so an update lost with a dying silo is made up for.</summary>
    private async Task Settle()
    {
        _settleTimer?.Dispose();
        _settleTimer = null;
        if (!State.Exists) return;
        var finished = FinishedRunIds();
        // Analyses missing while runs have finished: state written before they were Science's pipeline result.
        if (finished.SetEquals(State.FinishedRunIds) && (State.Analyses is not null || finished.IsEmpty)) return;
        state.State = State with { FinishedRunIds = finished, Analyses = await ComputeAnalyses(fits: false) };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IExperimentListGrain>(0).OnSummaryChanged(Summary());
        ScheduleFits();
    }

    /// <summary>Once every run has finished, the fits the analyses wait for run in a timer turn (also after a reactivation).</summary>
    private void ScheduleFits()
    {
        if (State.Analyses?.FitsPending != true || !AllFinished()) return;
        _fitsTimer ??= this.RegisterGrainTimer(_ => SettleFits(),
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    private async Task SettleFits()
    {
        _fitsTimer?.Dispose();
        _fitsTimer = null;
        if (State.Analyses?.FitsPending != true || !AllFinished()) return;
        var settled = State.FinishedRunIds;
        var analyses = await ComputeAnalyses(fits: true);
        // Calls went on meanwhile: a run retried since has settled newer analyses, which win (and schedule the fits again).
        if (!ReferenceEquals(settled, State.FinishedRunIds) || State.Analyses?.FitsPending != true) return;
        state.State = State with { Analyses = analyses };
        await state.WriteStateAsync();
        // An update without a run: the analyses changed, subscribers fetch them.
        var update = new ExperimentUpdate(ExperimentId, null, Summary());
        await _observers.Notify(observer => observer.OnExperimentUpdate(update));
    }

    private bool AllFinished() => State.RunIds.All(id => _runs.GetValueOrDefault(id)?.Status.IsFinished() == true);

    private ImmutableHashSet<string> FinishedRunIds() =>
        State.RunIds.Where(id => _runs.GetValueOrDefault(id)?.Status.IsFinished() == true).ToImmutableHashSet();

    /// <summary>The analyses over the curves of the runs that succeeded; the science core decides what each needs.</summary>
    private async Task<ExperimentAnalyses?> ComputeAnalyses(bool fits)
    {
        var succeeded = State.RunIds.Where(id => _runs.GetValueOrDefault(id)?.Status == RunStatus.Succeeded).ToList();
        foreach (var retried in _curves.Keys.Except(succeeded).ToList())
        {
            _curves.Remove(retried);
            _analysisCache.Forget(retried);
        }
        var missing = succeeded.Where(id => !_curves.ContainsKey(id)).ToList();
        var fetched = await Task.WhenAll(missing.Select(id => GrainFactory.GetGrain<ITrainingRunGrain>(id).GetCurve()));
        for (var i = 0; i < missing.Count; i++) _curves[missing[i]] = fetched[i];
        var runs = succeeded.Select(id => (_runs[id], _curves[id])).ToList();
        // CPU work (bootstraps, and with fits the parametric fits): off the silo's scheduler threads.
        var now = time.GetUtcNow();
        return await Task.Run(() => ExperimentAnalysesBuilder.Build(runs, now, fits, _analysisCache));
    }
}
