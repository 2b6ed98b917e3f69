using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Training;

// The engine's public surface, the one the grains' worker slots and `osc train` use.
// Keep it small; everything else in this project is an implementation detail.

/// <summary>Where a run executes and keeps its files. Nothing here changes the experiment's result.</summary>
/// <param name="CacheDirectory">Tokenized corpus caches (memory-mapped token files), shared between runs.</param>
/// <param name="CheckpointDirectory">Where this run writes its checkpoint files.</param>
/// <param name="Device">"cpu" or "cuda:N".</param>
/// <param name="Threads">Intra-op threads on CPU (one was measured fastest on a 2-core machine).</param>
/// <param name="CorporaDirectory">Folder holding the bundled npm corpora (node_modules); null: search upward from the app.</param>
/// <param name="CheckpointAt">Iterations to checkpoint at besides every CheckpointEvery: a trunk's fork points, where its
/// cooldown branches start (<see cref="OrleansScaling.Science.Runs.Branching"/>). Writing a checkpoint changes no number.</param>
public sealed record TrainingEnvironment(
    string CacheDirectory,
    string CheckpointDirectory,
    string Device = "cpu",
    int Threads = 1,
    string? CorporaDirectory = null,
    IReadOnlyCollection<long>? CheckpointAt = null);

/// <summary>Exact token accounting and speed so far. S proves TokensSeen == UniqueTokensSeen; M(E) proves TokensSeen == E·UniqueTokensSeen.</summary>
public sealed record TrainingCounters(
    long Iteration,
    long TokensSeen,
    long UniqueTokensSeen,
    double WallSeconds,
    double TokensPerSecond);

/// <summary>Callbacks from the training thread. Implementations must be quick and must not throw.</summary>
public interface ITrainingListener
{
    /// <summary>A new evaluation point (test loss on the fixed held-out sample).</summary>
    void OnEvaluation(CurvePoint point, TrainingCounters counters);

    /// <summary>The engine wrote a complete checkpoint file (model, optimizer, sampler, RNG) at <paramref name="path"/>.</summary>
    void OnCheckpoint(long iteration, string path);

    /// <summary>Called every few iterations so hosts can show progress and renew leases.</summary>
    void OnProgress(TrainingCounters counters);
}

/// <summary>What a finished run produced.</summary>
public sealed record TrainingResult(
    RunSpec Spec,
    long Parameters,
    double FlopsPerToken,
    IReadOnlyList<CurvePoint> Curve,
    TrainingCounters Counters,
    double FinalTestLoss,
    double BestTestLoss);

/// <summary>
/// A training or test loss that broke <see cref="Divergence"/>'s rule (not finite, or above 3 · ln V): the run ends
/// diverged at that iteration. <see cref="Partial"/> is what it produced up to there — the curve of every evaluation
/// before the divergence (no point with the diverged loss) and the counters — so hosts keep it as a result. The
/// message is the run's stop reason: "diverged at iteration i (loss x); lower the learning rate".
/// </summary>
public sealed class TrainingDivergedException(long iteration, double loss, TrainingResult? partial = null)
    : Exception(Divergence.StopReason(iteration, loss))
{
    public long Iteration { get; } = iteration;

    /// <summary>The loss that diverged (NaN, ±∞, or a finite loss above the limit).</summary>
    public double Loss { get; } = loss;

    /// <summary>The run up to the divergence; null only when the engine had nothing to report.</summary>
    public TrainingResult? Partial { get; } = partial;
}

/// <summary>Trains one run to completion on the calling thread.</summary>
public interface IRunTrainer
{
    /// <summary>
    /// Trains <paramref name="spec"/>. With <paramref name="resumeFrom"/> (a checkpoint file this engine wrote),
    /// continues exactly where it stopped: same losses as a run that never stopped. The file may also be a trunk's
    /// checkpoint at the spec's fork iteration (<see cref="OrleansScaling.Science.Runs.Branching.CanStartFrom"/>): the
    /// run then starts there as a cooldown branch, its curve beginning with the trunk's points up to the fork.
    /// On cancellation the engine writes a checkpoint, reports it through OnCheckpoint, then throws
    /// <see cref="OperationCanceledException"/>. Invalid specs throw <see cref="ArgumentException"/> naming the field.
    /// </summary>
    TrainingResult Train(RunSpec spec, TrainingEnvironment environment, string? resumeFrom,
        ITrainingListener? listener, CancellationToken cancellationToken);
}
