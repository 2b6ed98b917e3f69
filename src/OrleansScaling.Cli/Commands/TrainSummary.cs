using System.Globalization;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training;

namespace OrleansScaling.Cli.Commands;

/// <summary>The summary `osc train` prints (one JSON object with --json); field names are a public contract.</summary>
public sealed record TrainSummary(
    string Regime, string Corpus, string Tokenizer, string Device,
    int DModel, int Layers, int Heads, int Context, int Vocab, int Batch,
    long Params, double FlopsPerToken, long Iterations, long TokensSeen, long UniqueTokensSeen, int Epochs, double Dropout,
    string Schedule, double LearningRate, int Seed,
    double FinalTestLoss, double BestTestLoss, double TotalFlops, string CurveCsv, string? Checkpoint,
    double WallSeconds, double TokensPerSecond, string Precision, double? CooldownFraction = null, string? CooldownShape = null)
{
    /// <summary>"succeeded", or "diverged" for a run that stopped at a diverged loss (then <see cref="StopReason"/> says where).</summary>
    public string Status { get; init; } = "succeeded";

    /// <summary>Null unless the run diverged: "diverged at iteration N (loss x); lower the learning rate".</summary>
    public string? StopReason { get; init; }

    public static TrainSummary From(TrainingResult r, string curveCsv, string? checkpoint, string device) => new(
        r.Spec.Regime, r.Spec.Corpus, r.Spec.Tokenizer.ToString().ToLowerInvariant(), device,
        r.Spec.Shape.DModel, r.Spec.Shape.Layers, r.Spec.Shape.Heads, r.Spec.Shape.Context, r.Spec.Shape.Vocab, r.Spec.BatchSize,
        r.Parameters, r.FlopsPerToken, r.Counters.Iteration, r.Counters.TokensSeen, r.Counters.UniqueTokensSeen, r.Spec.Epochs, r.Spec.Dropout,
        r.Spec.Schedule.ToString().ToLowerInvariant(), r.Spec.LearningRate, r.Spec.Seed,
        r.FinalTestLoss, r.BestTestLoss, r.Counters.TokensSeen * r.FlopsPerToken, curveCsv, checkpoint,
        r.Counters.WallSeconds, r.Counters.TokensPerSecond, r.Spec.Precision.ToString().ToLowerInvariant(),
        // The cooldown's fraction and shape for a WSD run; null for constant and cosine.
        r.Spec.Schedule == LearningRateSchedule.Wsd ? r.Spec.CooldownFraction : null,
        r.Spec.Schedule == LearningRateSchedule.Wsd ? r.Spec.CooldownShape.ToString().ToLowerInvariant() : null);

    public string ToText() => string.Create(CultureInfo.InvariantCulture, $"""
        {Regime} run of d={DModel} L={Layers} H={Heads} ctx={Context}: {Params:N0} params, {FlopsPerToken:N0} FLOPs/token
        {Iterations:N0} iterations, {TokensSeen:N0} tokens seen ({UniqueTokensSeen:N0} unique), {TotalFlops:0.00e0} FLOPs
        test loss: final {FinalTestLoss:F4} nats, best {BestTestLoss:F4} nats
        {WallSeconds:F1} s, {TokensPerSecond:N0} tokens/s ({Precision})
        curve: {CurveCsv}
        """) + (StopReason is null ? "" : $"\nstopped: {StopReason}");
}
