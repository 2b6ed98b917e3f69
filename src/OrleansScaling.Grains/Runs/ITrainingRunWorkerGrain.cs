using Orleans.Concurrency;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Runs;

/// <summary>What a slot needs to execute an attempt: the spec, where to resume from (for a branch's first attempt, its
/// trunk's checkpoint at the fork) and, for a trunk, the fork points to checkpoint at.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkOrder(
    [property: Id(0)] string RunId,
    [property: Id(1)] RunSpec Spec,
    [property: Id(2)] int AttemptNumber,
    [property: Id(3)] CheckpointRef? ResumeFrom,
    [property: Id(4)] IReadOnlyList<long>? CheckpointAt = null);

/// <summary>How an attempt ended, as the worker slot that ran it saw it.</summary>
public enum AttemptOutcome
{
    /// <summary>The engine trained every iteration.</summary>
    Succeeded,
    /// <summary>The engine or the slot failed; <see cref="AttemptEnd.Retryable"/> says whether another attempt may help.</summary>
    Failed,
    /// <summary>The silo is stopping: the run goes back to the front of the queue without counting a failure.</summary>
    HandedBack,
    /// <summary>A loss broke the divergence rule: the run ends Diverged with <see cref="AttemptEnd.Reason"/> as its stop reason; never retried.</summary>
    Diverged,
    /// <summary>The run grain answered a report with <see cref="ReportAnswer.StopEarly"/>: the engine was stopped and the
    /// last points flushed; the run ends StoppedEarly with its curve and forecast kept, never retried.</summary>
    StoppedEarly,
}

[GenerateSerializer, Immutable]
public sealed record AttemptEnd(
    [property: Id(0)] AttemptOutcome Outcome,
    [property: Id(1)] string Reason,
    [property: Id(2)] bool Retryable,
    [property: Id(3)] RunProgress Progress);

/// <summary>
/// The training-run grain's silo-internal face: the worker slot that holds the run's lease reports through it.
/// The run grain does not own the lease — the scheduler does (docs/orchestration.md, "Who owns a lease"). It records
/// attempts: each attempt is opened under the lease id the scheduler granted, and only calls carrying that id change
/// the run, so a worker that lost its lease (network cut, silo presumed dead) cannot corrupt it.
/// </summary>
public interface ITrainingRunWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the run (experiment grain only, which then queues its runs in one call): status Queued, or Waiting for a
    /// cooldown branch, which its trunk queues once the fork checkpoint exists. A second call changes nothing.
    /// </summary>
    Task Create(string experimentId, string key, RunSpec spec, DeviceRequirement device, RunLineage? lineage = null);

    /// <summary>Opens an attempt under <paramref name="leaseId"/>; null when the run must not execute (cancelled, finished).</summary>
    Task<WorkOrder?> BeginAttempt(string leaseId, string silo, string slot);

    /// <summary>New curve points (idempotent by iteration) and progress; the answer says go on, stop early (early stopping
    /// asked for it: end the attempt StoppedEarly) or drop the attempt (it is no longer the run's open one).</summary>
    Task<ReportAnswer> Report(string leaseId, IReadOnlyList<CurvePoint> points, RunProgress progress);

    /// <summary>
    /// Records a checkpoint stored in the artifact store. Returns the location the worker may delete: the superseded
    /// checkpoint, or the new one itself when the attempt is no longer open or the checkpoint is not newer.
    /// </summary>
    Task<string?> RecordCheckpoint(string leaseId, CheckpointRef checkpoint);

    /// <summary>
    /// Records a trunk's checkpoint at one of its fork points (stored under its own name, never superseded), and hands
    /// it to the branches waiting for it. Returns the location the worker may delete: the checkpoint itself when it is
    /// not needed (no such fork point, one already stored, the attempt no longer open); null when it was kept.
    /// </summary>
    Task<string?> RecordForkCheckpoint(string leaseId, CheckpointRef checkpoint);

    /// <summary>
    /// Closes the attempt opened under <paramref name="leaseId"/> and answers whether the run must be queued again
    /// (the worker then tells the scheduler, which owns the queue). An attempt that is not open answers false.
    /// </summary>
    Task<bool> EndAttempt(string leaseId, AttemptEnd end);

    /// <summary>The scheduler let the lease expire and has already queued the run again: the attempt ends as a failure.</summary>
    [OneWay]
    Task AttemptLost(string leaseId, string reason);
}

/// <summary>
/// What trunks and their cooldown branches tell each other (silo-internal, one-way, each idempotent). A trunk hands
/// each branch its fork checkpoint (ForkReady) or, ending without one, the reason it never will (TrunkEnded); a branch
/// tells its trunk once it no longer needs the fork (BranchStarted), or asks for it again on a retry (RequestFork).
/// </summary>
public interface IRunLineageGrain : IGrainWithStringKey
{
    /// <summary>To a branch: the trunk's checkpoint at the fork and the trunk's curve up to there (inherited). A Waiting branch is queued.</summary>
    [OneWay]
    Task ForkReady(CheckpointRef checkpoint, IReadOnlyList<CurvePoint> inherited);

    /// <summary>To a branch: the trunk ended (<paramref name="trunkStatus"/>) without a checkpoint at the fork. A Waiting branch ends with the reason.</summary>
    [OneWay]
    Task TrunkEnded(RunStatus trunkStatus, string reason);

    /// <summary>To a trunk: <paramref name="branchRunId"/> has trained past its fork (or finished) and no longer needs the checkpoint there.</summary>
    [OneWay]
    Task BranchStarted(string branchRunId);

    /// <summary>To a trunk: <paramref name="branchRunId"/> (retried) needs the checkpoint at <paramref name="forkIteration"/> again.</summary>
    [OneWay]
    Task RequestFork(string branchRunId, long forkIteration);
}
