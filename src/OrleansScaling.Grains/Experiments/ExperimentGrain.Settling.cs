using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Experiments;

// Settling: the finished runs, the analyses and the catalog's summary catch up with the runs' views. A sweep can
// have thousands of runs finishing seconds apart, so while runs are still going this happens at most once per
// SettleDelay (one write, one analysis over every succeeded curve, one summary); the last run to finish settles at
// once, so an experiment that reads Succeeded already has its final analyses but for the parametric fits, which take
// seconds of CPU (about 20 s for 15 runs on two cores): they follow (FitsPending until then), after the call that
// finished the last run has returned, computed off the scheduler's threads in an interleaving timer callback while the
// grain goes on answering calls, then applied in a non-interleaved timer turn of their own.
//
// Writes: the state is written in one place, Save, and only in non-interleaved turns (calls, activation, the settle
// timer, the fits' apply timer), never from the fits' interleaving callback, so a write never starts while another is
// in flight. One fits computation at a time; the analyses it completes must still be the latest when it is applied,
// else newer analyses (a retry settled meanwhile) win and their fits follow.
public sealed partial class ExperimentGrain
{
    private static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(1);

    /// <summary>Succeeded and stopped runs' curves, fetched once: such a run is never retried, so its curve never changes.</summary>
    private readonly Dictionary<string, IReadOnlyList<CurvePoint>> _curves = [];

    /// <summary>Each succeeded run's power-law bootstrap (200 refits), computed once. Concurrent: the fits' computation
    /// interleaves with settles, and both may compute on the thread pool at once.</summary>
    private readonly AnalysisCache _analysisCache = new();
    private IGrainTimer? _settleTimer;

    /// <summary>The fits in progress, computing (interleaving timer) or waiting to be applied (non-interleaving timer).</summary>
    private IGrainTimer? _fitsTimer;

    /// <summary>A finished run has been retried since the last settle: its finishing again must settle even when the
    /// set of finished runs looks the same as the settled one (it finished within the SettleDelay).</summary>
    private bool _retriedSinceSettle;

    private async Task OnRunsChanged()
    {
        if (!_retriedSinceSettle && FinishedRunIds().SetEquals(State.FinishedRunIds)) return;
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
        var analysesMissing = State.Analyses is null
            && finished.Any(id => _runs.GetValueOrDefault(id)?.Status is RunStatus.Succeeded or RunStatus.Diverged or RunStatus.StoppedEarly);
        if (!_retriedSinceSettle && !analysesMissing && finished.SetEquals(State.FinishedRunIds)) return;
        _retriedSinceSettle = false;
        await Save(State with { FinishedRunIds = finished, Analyses = await ComputeAnalyses(fits: false) });
        await GrainFactory.GetGrain<IExperimentListGrain>(0).OnSummaryChanged(Summary());
        ScheduleFits();
    }

    /// <summary>Once every run has finished, the fits the analyses wait for are computed in a timer callback (also
    /// after a reactivation); one computation at a time.</summary>
    private void ScheduleFits()
    {
        if (_fitsTimer is not null || State.Analyses is not { FitsPending: true } pending || !AllFinished()) return;
        _fitsTimer = this.RegisterGrainTimer(_ => ComputeFits(pending),
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    /// <summary>Interleaves with the grain's calls: computes, writes nothing, and hands the result to a turn of its own.</summary>
    private async Task ComputeFits(ExperimentAnalyses pending)
    {
        _fitsTimer?.Dispose();
        ExperimentAnalyses? fitted = null;
        try
        {
            if (ServiceProvider.GetService<IExperimentFitsGate>() is { } gate) await gate.BeforeFits(ExperimentId);
            fitted = await ComputeAnalyses(fits: true);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The parametric fits of experiment {ExperimentId} failed; its analyses stay FitsPending.", ExperimentId);
        }
        _fitsTimer = this.RegisterGrainTimer(_ => ApplyFits(pending, fitted),
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>Not interleaved: the fits complete the analyses they were computed for, if those are still the latest.</summary>
    private async Task ApplyFits(ExperimentAnalyses pending, ExperimentAnalyses? fitted)
    {
        _fitsTimer?.Dispose();
        _fitsTimer = null;
        // Calls went on meanwhile: a run retried since has settled newer analyses, which win (and get fits of their own).
        if (!ReferenceEquals(State.Analyses, pending))
        {
            ScheduleFits();
            return;
        }
        // A failed computation is logged and not retried; a run retried but not yet settled will settle.
        if (fitted is null || !AllFinished()) return;
        await Save(State with { Analyses = fitted });
        // An update without a run: the analyses changed, subscribers fetch them.
        var update = new ExperimentUpdate(ExperimentId, null, Summary());
        await _observers.Notify(observer => observer.OnExperimentUpdate(update));
    }

    /// <summary>The one place the experiment's state is written. Only from non-interleaved turns, so two writes are
    /// never in flight at once (they would race on the etag in Azure or file storage).</summary>
    private Task Save(ExperimentState next)
    {
        state.State = next;
        return state.WriteStateAsync();
    }

    private bool AllFinished() => State.RunIds.All(id => _runs.GetValueOrDefault(id)?.Status.IsFinished() == true);

    private ImmutableHashSet<string> FinishedRunIds() =>
        State.RunIds.Where(id => _runs.GetValueOrDefault(id)?.Status.IsFinished() == true).ToImmutableHashSet();

    /// <summary>The analyses over the curves of the runs that succeeded; the science core decides what each needs.</summary>
    private async Task<ExperimentAnalyses?> ComputeAnalyses(bool fits)
    {
        // Runs stopped early count too, with their forecasts; like succeeded runs they are never retried.
        var succeeded = State.RunIds.Where(id => _runs.GetValueOrDefault(id)?.Status is RunStatus.Succeeded or RunStatus.StoppedEarly).ToList();
        foreach (var retried in _curves.Keys.Except(succeeded).ToList())
        {
            _curves.Remove(retried);
            _analysisCache.Forget(retried);
        }
        var missing = succeeded.Where(id => !_curves.ContainsKey(id)).ToList();
        var fetched = await Task.WhenAll(missing.Select(id => GrainFactory.GetGrain<ITrainingRunGrain>(id).GetCurve()));
        for (var i = 0; i < missing.Count; i++) _curves[missing[i]] = fetched[i];
        var runs = succeeded.Select(id => (_runs[id], _curves[id])).ToList();
        // Diverged runs are results the analyses leave out, each with a note.
        var diverged = State.RunIds.Select(id => _runs.GetValueOrDefault(id)).OfType<RunView>()
            .Where(r => r.Status == RunStatus.Diverged).ToList();
        // CPU work (bootstraps, and with fits the parametric fits): off the silo's scheduler threads.
        var now = time.GetUtcNow();
        return await Task.Run(() => ExperimentAnalysesBuilder.Build(runs, now, fits, _analysisCache, diverged));
    }
}

/// <summary>
/// Optional, none in production: a test registers one to hold an experiment's parametric fits before they are
/// computed, so it can drive calls into the grain meanwhile.
/// </summary>
public interface IExperimentFitsGate
{
    Task BeforeFits(string experimentId);
}
