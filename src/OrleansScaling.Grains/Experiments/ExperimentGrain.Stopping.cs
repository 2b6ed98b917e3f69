using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Runs;
using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Experiments;

// Early stopping (issue 20, opt-in per sweep): as runs report, the experiment keeps each run's curve and latest view,
// and at most once per StopCheckDelay asks Science's one rule (EarlyStopping.Decide) which running runs to stop. It
// tells each such run one-way (IRunStoppingGrain.StopEarly) and never asks twice; the run grain and the worker holding
// its lease do the rest. Nothing here is stored: a reactivated experiment fetches a run's curve again at its next update.
public sealed partial class ExperimentGrain
{
    /// <summary>Decisions follow the latest updates within this delay; many updates in it cost one decision.</summary>
    private static readonly TimeSpan StopCheckDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Each run's curve as its updates brought it, by iteration (updates are one-way and may arrive out of order).</summary>
    private readonly Dictionary<string, SortedDictionary<long, CurvePoint>> _liveCurves = [];

    /// <summary>Runs told to stop; never told twice.</summary>
    private readonly HashSet<string> _stopsAsked = [];
    private IGrainTimer? _stopTimer;
    private bool _stoppingBroken;

    private EarlyStoppingSettings? StoppingSettings => State.Plan?.Request.EarlyStopping;

    /// <summary>Called for every run update: keeps the run's curve and, when it brought new points or the run finished, schedules a decision.</summary>
    private async Task TrackForStopping(RunUpdate update)
    {
        if (StoppingSettings is null || _stoppingBroken) return;
        if (!_liveCurves.TryGetValue(update.RunId, out var curve))
        {
            // First update since activation: the curve so far (the run tells us one-way, so awaiting it cannot deadlock).
            curve = _liveCurves[update.RunId] = [];
            foreach (var point in await GrainFactory.GetGrain<ITrainingRunGrain>(update.RunId).GetCurve()) curve[point.Iteration] = point;
        }
        foreach (var point in update.NewPoints) curve[point.Iteration] = point;
        // New points change a run's forecast; a run that finished changes the best at its budget.
        var worthDeciding = (update.NewPoints.Count > 0 && update.View.Status == RunStatus.Running) || update.View.Status.IsFinished();
        if (worthDeciding && !AllFinished())
            _stopTimer ??= this.RegisterGrainTimer(_ => DecideStops(), new GrainTimerCreationOptions(StopCheckDelay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>One decision over every run of the sweep; the runs to stop are told one-way.</summary>
    private async Task DecideStops()
    {
        _stopTimer?.Dispose();
        _stopTimer = null;
        if (StoppingSettings is not { } settings || !State.Exists) return;
        var views = State.RunIds.Select(id => _runs.GetValueOrDefault(id)).OfType<RunView>().ToList();
        var runs = views.Select(v => new RunSoFar(v.Key, v.Spec,
            _liveCurves.TryGetValue(v.RunId, out var curve) ? [.. curve.Values] : [],
            v.Status.IsFinished(), v.Forecast)).ToList();
        IReadOnlyList<StopDecision> decisions;
        try
        {
            var policy = ServiceProvider.GetService<IEarlyStoppingPolicy>();
            decisions = policy is null ? EarlyStopping.Decide(runs, settings) : policy.Decide(runs, settings);
        }
        catch (Exception e)
        {
            // A broken rule must not break the sweep: the runs train to their end, and the log says why.
            _stoppingBroken = true;
            logger.LogError(e, "Experiment {ExperimentId}: early stopping failed; every run trains to its end", ExperimentId);
            return;
        }
        var idByKey = views.ToDictionary(v => v.Key, v => v.RunId);
        foreach (var decision in decisions)
        {
            if (!idByKey.TryGetValue(decision.Key, out var id) || _runs[id].Status.IsFinished() || !_stopsAsked.Add(id)) continue;
            logger.LogInformation("Experiment {ExperimentId}: stopping run {RunId} early: {Reason}", ExperimentId, id, decision.Reason);
            await GrainFactory.GetGrain<IRunStoppingGrain>(id).StopEarly(decision.Reason, decision.Forecast);
        }
    }
}

/// <summary>
/// Optional, none in production: a test registers one to replace <see cref="EarlyStopping.Decide"/> (the one rule)
/// with a rule of its own, to drive the system's stopping path independently of the rule's thresholds.
/// </summary>
public interface IEarlyStoppingPolicy
{
    IReadOnlyList<StopDecision> Decide(IReadOnlyList<RunSoFar> runs, EarlyStoppingSettings settings);
}
