using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Scheduling;

/// <summary>A worker slot as it introduces itself to the scheduler: where it is and what it can run.</summary>
[GenerateSerializer, Immutable]
public sealed record SlotDescriptor(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Slot,
    [property: Id(2)] string Device,
    [property: Id(3)] long MemoryBytes)
{
    public bool IsGpu => Device.StartsWith("cuda", StringComparison.Ordinal);

    /// <summary>Capacity matching: a GPU run only on a GPU slot, a CPU run only on a CPU slot.</summary>
    public bool Fits(DeviceRequirement requirement) => requirement switch
    {
        DeviceRequirement.Gpu => IsGpu,
        DeviceRequirement.Cpu => !IsGpu,
        _ => true,
    };
}

/// <summary>The right to execute one run until <see cref="Duration"/> passes without a renewal.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaseGrant(
    [property: Id(0)] string RunId,
    [property: Id(1)] string LeaseId,
    [property: Id(2)] TimeSpan Duration,
    [property: Id(3)] DeviceRequirement Device);

/// <summary>What the cluster status grain reads from the scheduler.</summary>
[GenerateSerializer, Immutable]
public sealed record SchedulerSnapshot(
    [property: Id(0)] IReadOnlyList<SlotView> Slots,
    [property: Id(1)] int QueueLength,
    [property: Id(2)] IReadOnlyList<FailureView> RecentFailures);

/// <summary>
/// The queue and the leases (one grain, key 0), and the one owner of both: a run is queued, leased, or neither, and only
/// this grain moves it between them. Silo-internal: worker slots pull from it; run grains ask it only for a user's
/// cancel or retry. It never awaits a run grain (it only tells them, one-way), so run grains may await it without a
/// deadlock.
/// </summary>
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Queues a run that is neither queued nor leased (a user's retry); otherwise nothing moves.</summary>
    Task Enqueue(string runId, DeviceRequirement device, Precision precision, bool front);

    /// <summary>Queues a new experiment's runs in one write (a sweep can have thousands), in order, skipping queued ones.</summary>
    Task EnqueueNew(IReadOnlyList<QueuedRun> runs);

    /// <summary>
    /// Leases the oldest queued run this slot fits (on a GPU slot: whose matmul mode agrees with the runs its silo's GPU
    /// slots hold; GpuPlacement), or returns null; also records that the slot is alive.
    /// </summary>
    Task<LeaseGrant?> Acquire(SlotDescriptor slot);

    /// <summary>Heartbeat: extends the lease; false when it is lost (expired, cancelled), so the worker stops.</summary>
    Task<bool> Renew(string runId, string leaseId);

    /// <summary>
    /// The lease's holder is done with it: the lease ends, and the run goes back to the front of the queue when
    /// <paramref name="requeue"/> (the run grain's answer to EndAttempt, or a grant the slot never started). A
    /// <paramref name="failure"/> is kept for the cluster page. A lease id that is no longer current changes nothing:
    /// the lease expired and the run was queued again already.
    /// </summary>
    Task EndLease(string runId, string leaseId, bool requeue, FailureView? failure);

    /// <summary>Forgets the run: out of the queue and out of the leases (cancelled, or failed for good).</summary>
    Task Remove(string runId);

    /// <summary>An idle slot's goodbye when its silo stops, so the cluster view drops it at once.</summary>
    Task Unregister(string silo, string slot);

    Task<SchedulerSnapshot> GetSnapshot();
}
