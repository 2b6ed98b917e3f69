using System.Collections.Immutable;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Runs;

/// <summary>
/// A training run's persistent state. The curve lives here too: a run has tens to a few thousand evaluation points,
/// and keeping them with the status makes each write one consistent snapshot. <see cref="OpenAttemptLease"/> is not a
/// lease (the scheduler owns those): it names the open attempt by the lease id it was granted under.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrainingRunState(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] string Key,
    [property: Id(2)] RunSpec? Spec,
    [property: Id(3)] DeviceRequirement Device,
    [property: Id(4)] RunStatus Status,
    [property: Id(5)] RunProgress Progress,
    [property: Id(6)] ImmutableList<RunAttempt> Attempts,
    [property: Id(7)] CheckpointRef? LastCheckpoint,
    [property: Id(8)] string? FailureReason,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset? FinishedAt,
    [property: Id(11)] string? OpenAttemptLease,
    [property: Id(12)] int FailedAttempts,
    [property: Id(13)] ImmutableList<CurvePoint> Curve,
    [property: Id(14)] long Revision,
    [property: Id(15)] string? StopReason = null,
    [property: Id(16)] string? StopRequested = null,
    [property: Id(17)] RunForecast? StoppedForecast = null,
    [property: Id(20)] string? ParentRunId = null,
    [property: Id(21)] long? ForkIteration = null,
    [property: Id(22)] ImmutableList<ForkPoint>? Forks = null)
{
    public TrainingRunState() : this("", "", null, DeviceRequirement.Any, RunStatus.Queued,
        new RunProgress(0, 0, 0, 0, null, null), [], null, null, default, null, null, 0, [], 0) { }

    public bool Exists => Spec is not null;

    /// <summary>A cooldown branch: it starts from <see cref="ParentRunId"/>'s checkpoint at <see cref="ForkIteration"/>.</summary>
    public bool IsBranch => ParentRunId is not null;

    /// <summary>A trunk's fork points (empty for any other run).</summary>
    public ImmutableList<ForkPoint> ForkPoints => Forks ?? [];

    public bool IsFinished => Status.IsFinished();

    public long LastRecordedIteration => Curve.IsEmpty ? -1 : Curve[^1].Iteration;

    /// <summary>The open attempt is the one granted under <paramref name="leaseId"/> (the scheduler's id for it).</summary>
    public bool IsOpenAttempt(string leaseId) => Status == RunStatus.Running && OpenAttemptLease == leaseId;

    /// <summary>Closes the open attempt with <paramref name="reason"/>.</summary>
    public TrainingRunState EndAttempt(string reason, DateTimeOffset at) =>
        Attempts.IsEmpty || Attempts[^1].EndedAt is not null
            ? this with { OpenAttemptLease = null }
            : this with { Attempts = Attempts.SetItem(Attempts.Count - 1, Attempts[^1] with { EndedAt = at, EndReason = reason }), OpenAttemptLease = null };

    /// <param name="unsavedChanges">Changes since the last write (progress is not written each time), so that the
    /// version grows with every snapshot: Revision counts writes and survives a reactivation.</param>
    /// <param name="forecast">The grain's latest forecast (kept in memory, not stored); shown while the run is Running. A run
    /// that stopped early shows the forecast its stop rested on (<see cref="StoppedForecast"/>, stored).</param>
    public RunView ToView(string runId, long unsavedChanges, RunForecast? forecast = null) => new(
        RunId: runId, ExperimentId: ExperimentId, Key: Key, Spec: Spec!, Device: Device, Status: Status, Progress: Progress,
        Attempts: Attempts, LastCheckpoint: LastCheckpoint, FailureReason: FailureReason, CreatedAt: CreatedAt,
        FinishedAt: FinishedAt, Version: Revision * 1_000_000 + unsavedChanges,
        StopReason: StopReason,
        Forecast: Status switch { RunStatus.Running => forecast, RunStatus.StoppedEarly => StoppedForecast, _ => null },
        ParentRunId: ParentRunId, ForkIteration: ForkIteration);
}

/// <summary>
/// One fork point of a trunk: the iteration its <see cref="Branches"/> start from, the exact checkpoint stored there
/// (null until the trunk has written it), and which branches still need it (<see cref="Waiting"/>: not yet trained
/// past the fork). The trunk keeps the checkpoint until none does, then deletes it (<see cref="Released"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ForkPoint(
    [property: Id(0)] long Iteration,
    [property: Id(1)] ImmutableList<string> Branches,
    [property: Id(2)] ImmutableList<string> Waiting,
    [property: Id(3)] CheckpointRef? Checkpoint = null,
    [property: Id(4)] bool Released = false);

/// <summary>A run's place in a branching sweep, given at creation: a branch's trunk and fork, or a trunk's branches.</summary>
[GenerateSerializer, Immutable]
public sealed record RunLineage(
    [property: Id(0)] string? ParentRunId,
    [property: Id(1)] long? ForkIteration,
    [property: Id(2)] IReadOnlyList<BranchLink> Branches)
{
    public static readonly RunLineage None = new(null, null, []);
}

/// <summary>A trunk's branch: its run id and the trunk iteration it forks at.</summary>
[GenerateSerializer, Immutable]
public sealed record BranchLink([property: Id(0)] string RunId, [property: Id(1)] long ForkIteration);
