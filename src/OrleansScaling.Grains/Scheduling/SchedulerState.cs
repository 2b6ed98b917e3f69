using System.Collections.Immutable;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Scheduling;

/// <summary>A run waiting for a slot; its precision decides which GPU slots may take it (GpuPlacement).</summary>
[GenerateSerializer, Immutable]
public sealed record QueuedRun(
    [property: Id(0)] string RunId,
    [property: Id(1)] DeviceRequirement Device,
    [property: Id(2)] DateTimeOffset EnqueuedAt,
    [property: Id(3)] Precision Precision = Precision.Fp32);

/// <summary>A run a slot holds. Its expiry lives in memory only: a reactivated scheduler re-arms every lease.</summary>
[GenerateSerializer, Immutable]
public sealed record HeldLease(
    [property: Id(0)] string RunId,
    [property: Id(1)] string LeaseId,
    [property: Id(2)] DeviceRequirement Device,
    [property: Id(3)] SlotDescriptor Slot,
    [property: Id(4)] DateTimeOffset GrantedAt,
    [property: Id(5)] Precision Precision = Precision.Fp32);

/// <summary>The scheduler's persistent state: queue, leases and the latest failures.</summary>
[GenerateSerializer, Immutable]
public sealed record SchedulerState(
    [property: Id(0)] ImmutableList<QueuedRun> Queue,
    [property: Id(1)] ImmutableDictionary<string, HeldLease> Leases,
    [property: Id(2)] ImmutableList<FailureView> RecentFailures)
{
    /// <summary>How many failures the cluster page keeps.</summary>
    public const int FailuresKept = 50;

    public SchedulerState() : this([], ImmutableDictionary<string, HeldLease>.Empty, []) { }

    public SchedulerState WithFailure(FailureView failure) =>
        this with { RecentFailures = RecentFailures.Insert(0, failure).Take(FailuresKept).ToImmutableList() };

    public SchedulerState Without(string runId) => this with
    {
        Queue = Queue.RemoveAll(q => q.RunId == runId),
        Leases = Leases.Remove(runId),
    };
}
