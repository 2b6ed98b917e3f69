using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Contracts;

/// <summary>
/// Queued → Running → Succeeded | Failed | Cancelled | Diverged. A lost lease sends Running back to Queued.
/// Diverged: a training or test loss broke the divergence rule (Science's Divergence: not finite, or above 3 · ln V);
/// the run ended at that iteration with its curve kept and <see cref="RunView.StopReason"/> saying why. It is a result,
/// not a failure: never retried. StoppedEarly: the sweep's early stopping judged the run's outcome clear; it ended with
/// its curve and forecast kept and <see cref="RunView.StopReason"/> "stopped early at iteration N: why"; never retried either.
/// New values go at the end: Orleans and grain storage carry the number.
/// </summary>
/// <summary>
/// Where a run stands. Waiting: a cooldown branch whose trunk has not yet checkpointed its fork (it is queued once it
/// has); Queued: in the scheduler's queue; the last five are finished.
/// </summary>
public enum RunStatus { Queued, Running, Succeeded, Failed, Cancelled, Diverged, StoppedEarly, Waiting }

public static class RunStatusExtensions
{
    /// <summary>Succeeded, Failed, Cancelled, Diverged or StoppedEarly: nothing runs it any more (Failed and Cancelled until a retry).</summary>
    public static bool IsFinished(this RunStatus status) =>
        status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled or RunStatus.Diverged or RunStatus.StoppedEarly;
}

/// <summary>One try at a run on one worker slot, and how it ended.</summary>
[GenerateSerializer, Immutable]
public sealed record RunAttempt(
    [property: Id(0)] int Number,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Slot,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] long ResumedFromIteration,
    [property: Id(5)] DateTimeOffset? EndedAt,
    [property: Id(6)] string? EndReason);

/// <summary>Where a run's latest checkpoint lives in the artifact store.</summary>
[GenerateSerializer, Immutable]
public sealed record CheckpointRef(
    [property: Id(0)] long Iteration,
    [property: Id(1)] string Location,
    [property: Id(2)] DateTimeOffset SavedAt);

/// <summary>Counters the run keeps: exact token accounting and speed.</summary>
[GenerateSerializer, Immutable]
public sealed record RunProgress(
    [property: Id(0)] long Iteration,
    [property: Id(1)] long TokensSeen,
    [property: Id(2)] long UniqueTokensSeen,
    [property: Id(3)] double TokensPerSecond,
    [property: Id(4)] double? LastTestLoss,
    [property: Id(5)] double? BestTestLoss);

/// <summary>
/// A snapshot of a training-run grain for clients (without the curve, which can be long); Version grows with every change.
/// A cooldown branch names the run it forks from (ParentRunId) and the iteration of that run it starts at (ForkIteration);
/// both are null for a trunk or an ordinary run. A branch's curve holds its trunk's points up to ForkIteration
/// (inherited, equal to the trunk's) and its own after; its progress counts tokens from iteration 0, as the model saw
/// them (the compute spent, counted once, is Science's BranchCompute).
/// StopReason is null unless the run diverged ("diverged at iteration N (loss ∞); lower the learning rate") or stopped
/// early ("stopped early at iteration N: why").
/// Forecast is the test loss the run is expected to reach at its last iteration, with its interval, while it runs
/// (docs/science.md, "Forecasts"); null when it is not running, is finished or has too few evaluations — but for a run
/// that stopped early, which keeps the forecast its stop rested on.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RunView(
    [property: Id(0)] string RunId,
    [property: Id(1)] string ExperimentId,
    [property: Id(2)] string Key,
    [property: Id(3)] RunSpec Spec,
    [property: Id(4)] DeviceRequirement Device,
    [property: Id(5)] RunStatus Status,
    [property: Id(6)] RunProgress Progress,
    [property: Id(7)] IReadOnlyList<RunAttempt> Attempts,
    [property: Id(8)] CheckpointRef? LastCheckpoint,
    [property: Id(9)] string? FailureReason,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset? FinishedAt,
    [property: Id(12)] long Version = 0,
    [property: Id(13)] string? ParentRunId = null,
    [property: Id(14)] long? ForkIteration = null,
    [property: Id(15)] string? StopReason = null,
    [property: Id(16)] RunForecast? Forecast = null)
{
    /// <summary>
    /// Whether this snapshot is older than <paramref name="other"/>. Updates travel as one-way messages, which Orleans
    /// does not order: a reader keeps the newest snapshot of a run and drops older ones that arrive late.
    /// </summary>
    public bool IsOlderThan(RunView other) => Version < other.Version;

    public string Regime => Spec.Regime;
    /// <summary>The run's learning-rate schedule (its spec holds the WSD cooldown's fraction and shape).</summary>
    public LearningRateSchedule Schedule => Spec.Schedule;
    public long Parameters => Spec.Shape.Parameters;
    public RunAttempt? CurrentAttempt => Attempts.Count == 0 ? null : Attempts[^1];
    public double Fraction => Spec.Iterations == 0 ? 0 : (double)Progress.Iteration / Spec.Iterations;
}

/// <summary>What a run subscriber receives: new curve points and/or a new snapshot.</summary>
[GenerateSerializer, Immutable]
public sealed record RunUpdate(
    [property: Id(0)] string RunId,
    [property: Id(1)] IReadOnlyList<CurvePoint> NewPoints,
    [property: Id(2)] RunView View);
