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
/// (read from the runs on activation, then pushed by them one-way) and recomputes the analyses when a run finishes.
/// </summary>
public sealed class ExperimentGrain(
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
        await Reconcile();
    }

    async Task<ExperimentSummary> IExperimentRunsGrain.Create(SweepPlan plan, DateTimeOffset createdAt)
    {
        if (!State.Exists)
        {
            var runIds = plan.Runs.Select(run => ExperimentState.RunIdOf(ExperimentId, run)).ToList();
            if (runIds.Distinct().Count() != runIds.Count)
                throw new ArgumentException($"The plan of '{plan.Request.Name}' repeats a run key; each planned run needs its own key.");
            state.State = new ExperimentState() with { Plan = plan, RunIds = [.. runIds], CreatedAt = createdAt };
            await state.WriteStateAsync();
            await Task.WhenAll(plan.Runs.Select(run => GrainFactory.GetGrain<ITrainingRunWorkerGrain>(ExperimentState.RunIdOf(ExperimentId, run))
                .Create(ExperimentId, run.Key, run.Spec, plan.Request.Device)));
            await GrainFactory.GetGrain<ISchedulerGrain>(0).EnqueueNew(
                runIds.Select(id => new QueuedRun(id, plan.Request.Device, createdAt)).ToList());
            await LoadRunViews();
        }
        return Summary();
    }

    async Task IExperimentRunsGrain.OnRunUpdate(RunUpdate update)
    {
        if (!State.Exists || !State.RunIds.Contains(update.RunId)) return;
        _runs[update.RunId] = update.View;
        await Reconcile();
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

    /// <summary>
    /// Brings the finished runs, the analyses and the catalog's summary in line with the runs' views. Called for
    /// every run update and on activation, so an update lost with a dying silo is made up for on the next one.
    /// </summary>
    private async Task Reconcile()
    {
        if (!State.Exists) return;
        var finished = State.RunIds.Where(id => _runs.TryGetValue(id, out var view) && view.Status.IsFinished()).ToImmutableHashSet();
        if (finished.SetEquals(State.FinishedRunIds)) return;
        var newlyFinished = !finished.IsSubsetOf(State.FinishedRunIds);
        state.State = State with { FinishedRunIds = finished };
        if (newlyFinished) state.State = State with { Analyses = await ComputeAnalyses() };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IExperimentListGrain>(0).OnSummaryChanged(Summary());
    }

    private async Task LoadRunViews()
    {
        var views = await Task.WhenAll(State.RunIds.Select(id => GrainFactory.GetGrain<ITrainingRunGrain>(id).GetView()));
        foreach (var view in views.OfType<RunView>()) _runs[view.RunId] = view;
    }

    /// <summary>The analyses over the curves of the runs that succeeded; the science core decides what each needs.</summary>
    private async Task<ExperimentAnalyses?> ComputeAnalyses()
    {
        var succeeded = State.RunIds.Where(id => _runs.TryGetValue(id, out var view) && view.Status == RunStatus.Succeeded).ToList();
        var curves = await Task.WhenAll(succeeded.Select(id => GrainFactory.GetGrain<ITrainingRunGrain>(id).GetCurve()));
        var finishedRuns = succeeded.Select((id, i) => (_runs[id], curves[i])).ToList();
        return ExperimentAnalysesBuilder.Build(finishedRuns, time.GetUtcNow());
    }

    private ExperimentSummary Summary() => new(ExperimentId, State.Plan!.Request.Name, State.Plan.Request.Kind,
        StatusOf(State.RunIds.Select(id => _runs.GetValueOrDefault(id)?.Status ?? RunStatus.Queued).ToList()),
        State.RunIds.Count, State.FinishedRunIds.Count, State.CreatedAt);

    /// <summary>Running until every run has finished; then Failed if one failed, Cancelled if one was cancelled.</summary>
    private static ExperimentStatus StatusOf(IReadOnlyList<RunStatus> runs) =>
        runs.Any(s => !s.IsFinished()) ? ExperimentStatus.Running
        : runs.Contains(RunStatus.Failed) ? ExperimentStatus.Failed
        : runs.Contains(RunStatus.Cancelled) ? ExperimentStatus.Cancelled
        : ExperimentStatus.Succeeded;
}
