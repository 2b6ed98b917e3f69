using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Runs;
using OrleansScaling.Grains.Scheduling;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Experiments;

/// <summary>
/// One launched sweep. Keeps the plan, its run ids and the analyses; holds each run's latest snapshot in memory
/// (read from the runs on activation, then pushed by them one-way); ExperimentGrain.Settling.cs recomputes the
/// analyses as runs finish.
/// </summary>
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", StorageNames.Provider)] IPersistentState<ExperimentState> state,
    TimeProvider time,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IExperimentRunsGrain
{
    private readonly ObserverManager<IExperimentObserver> _observers = new(TrainingRunGrain.ObserverExpiry, logger);
    private readonly Dictionary<string, RunView> _runs = [];

    private string ExperimentId => this.GetPrimaryKeyString();
    private ExperimentState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadRunViews();
        await Settle();
        ScheduleFits();
    }

    async Task<ExperimentSummary> IExperimentRunsGrain.Create(SweepPlan plan, DateTimeOffset createdAt)
    {
        if (!State.Exists)
        {
            var runIds = plan.Runs.Select(run => ExperimentState.RunIdOf(ExperimentId, run)).ToList();
            if (runIds.Distinct().Count() != runIds.Count)
                throw new ArgumentException($"The plan of '{plan.Request.Name}' repeats a run key; each planned run needs its own key.");
            await Save(new ExperimentState() with { Plan = plan, RunIds = [.. runIds], CreatedAt = createdAt });
            var lineages = Lineages(plan);
            await Task.WhenAll(plan.Runs.Select(run => GrainFactory.GetGrain<ITrainingRunWorkerGrain>(ExperimentState.RunIdOf(ExperimentId, run))
                .Create(ExperimentId, run.Key, run.Spec, plan.Request.Device, lineages[run.Key])));
            // Cooldown branches wait for their trunk's fork checkpoint; the trunk has them queued when it exists.
            await GrainFactory.GetGrain<ISchedulerGrain>(0).EnqueueNew(plan.Runs
                .Select((run, i) => (run, i)).Where(r => r.run.ParentKey is null)
                .Select(r => new QueuedRun(runIds[r.i], plan.Request.Device, createdAt, r.run.Spec.Precision)).ToList());
            await LoadRunViews();
        }
        return Summary();
    }

    async Task IExperimentRunsGrain.OnRunUpdate(RunUpdate update)
    {
        if (!State.Exists || !State.RunIds.Contains(update.RunId)) return;
        if (_runs.TryGetValue(update.RunId, out var known) && update.View.IsOlderThan(known)) update = update with { View = known };
        if (known is not null && known.Status.IsFinished() && update.View.Status != known.Status) _retriedSinceSettle = true;
        _runs[update.RunId] = update.View;
        await TrackForStopping(update);
        await OnRunsChanged();
        var experimentUpdate = new ExperimentUpdate(ExperimentId, update, Summary());
        await _observers.Notify(observer => observer.OnExperimentUpdate(experimentUpdate));
    }

    Task<ExperimentView?> IExperimentGrain.GetView() => Task.FromResult(State.Exists
        ? new ExperimentView(Summary(), State.Plan!, State.RunIds.Where(_runs.ContainsKey).Select(id => _runs[id]).ToList(), State.Analyses)
        : null);

    async Task IExperimentGrain.Cancel()
    {
        if (!State.Exists)
            throw new KeyNotFoundException($"No experiment '{ExperimentId}'. `osc experiments list` shows the experiments there are.");
        await Task.WhenAll(State.RunIds.Select(id => GrainFactory.GetGrain<ITrainingRunGrain>(id).Cancel()));
    }

    Task IExperimentGrain.Subscribe(IExperimentObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    Task IExperimentGrain.Unsubscribe(IExperimentObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Each planned run's place in a branching sweep: a branch's trunk and fork, a trunk's branches.</summary>
    private Dictionary<string, RunLineage> Lineages(SweepPlan plan)
    {
        var byKey = plan.Runs.ToDictionary(r => r.Key);
        string IdOf(string key) => ExperimentState.RunIdOf(ExperimentId, byKey[key]);
        return plan.Runs.ToDictionary(r => r.Key, r => new RunLineage(
            r.ParentKey is null ? null : IdOf(r.ParentKey), r.ForkIteration,
            plan.Runs.Where(b => b.ParentKey == r.Key).Select(b => new BranchLink(IdOf(b.Key), b.ForkIteration!.Value)).ToList()));
    }

    private async Task LoadRunViews()
    {
        var views = await Task.WhenAll(State.RunIds.Select(id => GrainFactory.GetGrain<ITrainingRunGrain>(id).GetView()));
        foreach (var view in views.OfType<RunView>()) _runs[view.RunId] = view;
    }

    private ExperimentSummary Summary() => new(ExperimentId, State.Plan!.Request.Name, State.Plan.Request.Kind,
        StatusOf(State.RunIds.Select(id => _runs.GetValueOrDefault(id)?.Status ?? RunStatus.Queued).ToList()),
        State.RunIds.Count, State.RunIds.Count(id => _runs.GetValueOrDefault(id)?.Status.IsFinished() == true), State.CreatedAt);

    /// <summary>Running until every run has finished; then Failed if one failed, Cancelled if one was cancelled, else
    /// Succeeded — also when some runs diverged or stopped early: such a run is a result, and the analyses carry a note for each.</summary>
    private static ExperimentStatus StatusOf(IReadOnlyList<RunStatus> runs) =>
        runs.Any(s => !s.IsFinished()) ? ExperimentStatus.Running
        : runs.Contains(RunStatus.Failed) ? ExperimentStatus.Failed
        : runs.Contains(RunStatus.Cancelled) ? ExperimentStatus.Cancelled
        : ExperimentStatus.Succeeded;
}
