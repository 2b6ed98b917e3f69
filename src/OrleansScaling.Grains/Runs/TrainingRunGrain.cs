using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Experiments;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Scheduling;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Runs;

/// <summary>
/// One training run: spec, status, attempts with their reasons, progress, curve and last checkpoint.
/// Clients read and steer it through <see cref="ITrainingRunGrain"/> (this file); the worker slot holding its lease
/// reports through <see cref="ITrainingRunWorkerGrain"/> (TrainingRunGrain.Work.cs). The lease itself is the
/// scheduler's: this grain records attempts. It awaits the scheduler only for a user's cancel or retry and tells its
/// experiment one-way, never the reverse, so no call cycle can deadlock.
/// </summary>
public sealed partial class TrainingRunGrain(
    [PersistentState("run", StorageNames.Provider)] IPersistentState<TrainingRunState> state,
    IOptions<SchedulerOptions> options,
    IArtifactStore artifacts,
    TimeProvider time,
    ILogger<TrainingRunGrain> logger) : Grain, ITrainingRunGrain, ITrainingRunWorkerGrain, IRunLineageGrain
{
    /// <summary>Subscribers that have not renewed for this long are dropped (clients renew every few seconds).</summary>
    public static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(1);

    /// <summary>Progress-only updates (no new point, same status) reach subscribers at most this often.</summary>
    private static readonly TimeSpan ProgressNoticeInterval = TimeSpan.FromSeconds(1);

    private readonly ObserverManager<IRunObserver> _observers = new(ObserverExpiry, logger);
    private DateTimeOffset _lastNotice;
    private long _unsavedChanges;

    private string RunId => this.GetPrimaryKeyString();
    private TrainingRunState State => state.State;
    private DateTimeOffset Now => time.GetUtcNow();
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(0);

    Task<RunView?> ITrainingRunGrain.GetView() => Task.FromResult(State.Exists ? State.ToView(RunId, _unsavedChanges, _forecast) : null);

    Task<IReadOnlyList<CurvePoint>> ITrainingRunGrain.GetCurve(long fromIteration) =>
        Task.FromResult<IReadOnlyList<CurvePoint>>(State.Curve.Where(p => p.Iteration >= fromIteration).ToList());

    async Task ITrainingRunGrain.Cancel()
    {
        RequireExists();
        if (State.IsFinished) return;
        await Write(State.EndAttempt("cancelled by user", Now) with { Status = RunStatus.Cancelled, FinishedAt = Now });
        await Scheduler.Remove(RunId);
        await Publish([], statusChanged: true);
    }

    async Task ITrainingRunGrain.Retry()
    {
        RequireExists();
        switch (State.Status)
        {
            case RunStatus.Succeeded:
                throw new InvalidOperationException($"Run '{RunId}' succeeded; there is nothing to retry.");
            case RunStatus.Diverged:
                throw new InvalidOperationException(
                    $"Run '{RunId}' {State.StopReason ?? "diverged"}. Retrying would diverge again (same spec and seed): launch it with a lower learning rate.");
            case RunStatus.StoppedEarly:
                throw new InvalidOperationException(
                    $"Run '{RunId}' {State.StopReason ?? "stopped early"}. Early stopping judged its outcome clear; a stopped run is a result, not retried.");
            case RunStatus.Running or RunStatus.Waiting:
                return;
            case RunStatus.Queued:
                // Queueing twice moves nothing; asking again covers a queue entry that was lost.
                await Scheduler.Enqueue(RunId, State.Device, State.Spec!.Precision, front: false);
                return;
        }
        if (State.IsBranch && (State.LastCheckpoint is null || State.LastCheckpoint.Iteration < State.ForkIteration))
        {
            // A branch without its fork checkpoint waits for it again; the trunk hands it over (or says why it cannot).
            await Write(State with { Status = RunStatus.Waiting, FailedAttempts = 0, FailureReason = null, FinishedAt = null });
            await Lineage(State.ParentRunId!).RequestFork(RunId, State.ForkIteration!.Value);
            await Publish([], statusChanged: true);
            return;
        }
        await Write(State with { Status = RunStatus.Queued, FailedAttempts = 0, FailureReason = null, FinishedAt = null });
        await Scheduler.Enqueue(RunId, State.Device, State.Spec!.Precision, front: false);
        await Publish([], statusChanged: true);
    }

    Task ITrainingRunGrain.Subscribe(IRunObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    Task ITrainingRunGrain.Unsubscribe(IRunObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private void RequireExists()
    {
        if (!State.Exists) throw new KeyNotFoundException($"No run '{RunId}'. `osc runs list` shows the runs there are.");
    }

    private Task Write(TrainingRunState next)
    {
        state.State = next with { Revision = State.Revision + 1 };
        _unsavedChanges = 0;
        return state.WriteStateAsync();
    }

    /// <summary>Tells subscribers (and, for new points or a new status, the experiment) what changed.</summary>
    /// <remarks>Observer and experiment calls are one-way: awaiting them only hands the messages over.</remarks>
    private async Task Publish(IReadOnlyList<CurvePoint> added, bool statusChanged)
    {
        var worthTelling = added.Count > 0 || statusChanged;
        if (!worthTelling && Now - _lastNotice < ProgressNoticeInterval) return;
        _lastNotice = Now;
        // Updates are one-way and unordered: the final one carries the whole curve, so whoever sees the run finish
        // has every point with it (receivers keep each iteration once).
        if (statusChanged && State.IsFinished)
        {
            added = State.Curve;
            await OnFinished();
        }
        var update = new RunUpdate(RunId, added, State.ToView(RunId, _unsavedChanges, _forecast));
        await _observers.Notify(observer => observer.OnRunUpdate(update));
        if (worthTelling) await GrainFactory.GetGrain<IExperimentRunsGrain>(State.ExperimentId).OnRunUpdate(update);
    }
}
