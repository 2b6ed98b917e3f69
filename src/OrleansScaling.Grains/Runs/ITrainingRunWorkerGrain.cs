using Orleans.Concurrency;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Runs;

/// <summary>What a slot needs to execute an attempt: the spec and where to resume from.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkOrder(
    [property: Id(0)] string RunId,
    [property: Id(1)] RunSpec Spec,
    [property: Id(2)] int AttemptNumber,
    [property: Id(3)] CheckpointRef? ResumeFrom);

/// <summary>
/// The training-run grain's silo-internal face: the worker slot that holds the run's lease reports through it.
/// Every call carries the lease id; a call with a lease that is no longer current changes nothing, so a worker that
/// lost its lease (network cut, silo presumed dead) cannot corrupt the run.
/// </summary>
public interface ITrainingRunWorkerGrain : IGrainWithStringKey
{
    /// <summary>Creates the run, status Queued (experiment grain only, which then queues its runs in one call). A second call changes nothing.</summary>
    Task Create(string experimentId, string key, RunSpec spec, DeviceRequirement device);

    /// <summary>Starts an attempt under <paramref name="leaseId"/>; null when the run must not execute (cancelled, finished).</summary>
    Task<WorkOrder?> BeginAttempt(string leaseId, string silo, string slot);

    /// <summary>New curve points (idempotent by iteration) and progress; false: stop, the lease is no longer current.</summary>
    Task<bool> Report(string leaseId, IReadOnlyList<CurvePoint> points, RunProgress progress);

    /// <summary>
    /// Records a checkpoint stored in the artifact store. Returns the location the worker may delete: the superseded
    /// checkpoint, or the new one itself when the lease is no longer current or it is not newer.
    /// </summary>
    Task<string?> RecordCheckpoint(string leaseId, CheckpointRef checkpoint);

    Task Complete(string leaseId, RunProgress progress);

    /// <summary>The attempt failed; the run is queued again unless it is not <paramref name="retryable"/> or out of attempts.</summary>
    Task Fail(string leaseId, string reason, bool retryable);

    /// <summary>Graceful stop: the attempt ends without counting as a failure and the run goes to the front of the queue.</summary>
    Task HandBack(string leaseId, string reason);

    /// <summary>The scheduler saw the lease expire (it has already queued the run again).</summary>
    [OneWay]
    Task LeaseLost(string leaseId, string reason);
}
