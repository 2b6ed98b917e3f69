namespace OrleansScaling.Contracts;

/// <summary>A worker slot: one GPU (cuda:N) or one CPU slot on a silo, and what it runs.</summary>
[GenerateSerializer, Immutable]
public sealed record SlotView(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Slot,
    [property: Id(2)] string Device,
    [property: Id(3)] long MemoryBytes,
    [property: Id(4)] string? RunId,
    [property: Id(5)] DateTimeOffset LastSeen);

/// <summary>A recent failure or lost lease, for the cluster page.</summary>
[GenerateSerializer, Immutable]
public sealed record FailureView(
    [property: Id(0)] string RunId,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset At);

/// <summary>The cluster: live silos, their slots, the queue, recent failures and the corpora the slots offer.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterView(
    [property: Id(0)] IReadOnlyList<string> Silos,
    [property: Id(1)] IReadOnlyList<SlotView> Slots,
    [property: Id(2)] int QueueLength,
    [property: Id(3)] IReadOnlyList<FailureView> RecentFailures,
    [property: Id(4)] IReadOnlyList<CorpusOffer>? Corpora = null);
