using System.Collections.Immutable;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Experiments;

// Settling: the finished runs, the analyses and the catalog's summary catch up with the runs' views. A sweep can
// have thousands of runs finishing seconds apart, so while runs are still going this happens at most once per
// SettleDelay (one write, one analysis over every succeeded curve, one summary); the last run to finish settles at
// once, so an experiment that reads Succeeded already has its final analyses.
public sealed partial class ExperimentGrain
{
    private static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(1);

    /// <summary>Succeeded runs' curves, fetched once: a finished curve changes only when the run is retried.</summary>
    private readonly Dictionary<string, IReadOnlyList<CurvePoint>> _curves = [];

    /// <summary>Bootstrapped power-law exponent intervals of those curves (200 refits each), computed once per run.</summary>
    private readonly Dictionary<string, double?[]?> _exponentIntervals = [];
    private IGrainTimer? _settleTimer;

    private async Task OnRunsChanged()
    {
        if (FinishedRunIds().SetEquals(State.FinishedRunIds)) return;
        if (State.RunIds.All(id => _runs.GetValueOrDefault(id)?.Status.IsFinished() == true)) await Settle();
        else _settleTimer ??= this.RegisterGrainTimer(_ => Settle(), new GrainTimerCreationOptions(SettleDelay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Also called on activation, so an update lost with a dying silo is made up for.</summary>
    private async Task Settle()
    {
        _settleTimer?.Dispose();
        _settleTimer = null;
        if (!State.Exists) return;
        var finished = FinishedRunIds();
        if (finished.SetEquals(State.FinishedRunIds)) return;
        state.State = State with { FinishedRunIds = finished, Analyses = await ComputeAnalyses() };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IExperimentListGrain>(0).OnSummaryChanged(Summary());
    }

    private ImmutableHashSet<string> FinishedRunIds() =>
        State.RunIds.Where(id => _runs.GetValueOrDefault(id)?.Status.IsFinished() == true).ToImmutableHashSet();

    /// <summary>The analyses over the curves of the runs that succeeded; the science core decides what each needs.</summary>
    private async Task<ExperimentAnalyses?> ComputeAnalyses()
    {
        var succeeded = State.RunIds.Where(id => _runs.GetValueOrDefault(id)?.Status == RunStatus.Succeeded).ToList();
        foreach (var retried in _curves.Keys.Except(succeeded).ToList())
        {
            _curves.Remove(retried);
            _exponentIntervals.Remove(retried);
        }
        var missing = succeeded.Where(id => !_curves.ContainsKey(id)).ToList();
        var fetched = await Task.WhenAll(missing.Select(id => GrainFactory.GetGrain<ITrainingRunGrain>(id).GetCurve()));
        for (var i = 0; i < missing.Count; i++) _curves[missing[i]] = fetched[i];
        var inputs = succeeded.Select(id => (_runs[id], _curves[id])).ToList();
        var now = time.GetUtcNow();
        // Seconds of fitting for a large sweep: on the thread pool, not on the silo's scheduler threads.
        return await Task.Run(() => ExperimentAnalysesBuilder.Build(inputs, now, _exponentIntervals));
    }
}
