using OrleansScaling.Science.Curves;

namespace OrleansScaling.Training.Engine;

/// <summary>
/// The training loop's mutable state that a checkpoint must carry besides tensors and the sampler. Not
/// <c>OrleansScaling.Contracts.RunProgress</c> (a run's reported counters).
/// </summary>
internal sealed class LoopState
{
    public long Iteration { get; set; }
    public double WallSecondsBefore { get; set; }     // wall time of earlier attempts (before the last resume)
    public double TrainLossSum { get; set; }          // training losses since the last evaluation …
    public long TrainLossCount { get; set; }          // … and how many: the curve's trainLoss is their mean
    public long LastEvaluationIteration { get; set; }
    public double LastEvaluationWallSeconds { get; set; }
    public List<CurvePoint> Curve { get; } = [];

    public static LoopState From(Checkpoint checkpoint)
    {
        var state = new LoopState
        {
            Iteration = checkpoint.Iteration,
            WallSecondsBefore = checkpoint.WallSeconds,
            TrainLossSum = checkpoint.TrainLossSum,
            TrainLossCount = checkpoint.TrainLossCount,
            LastEvaluationIteration = checkpoint.LastEvaluationIteration,
            LastEvaluationWallSeconds = checkpoint.LastEvaluationWallSeconds,
        };
        state.Curve.AddRange(checkpoint.Curve);
        return state;
    }

    public Checkpoint ToCheckpoint(string specJson, long samplerPosition, double wallSeconds, TorchSharp.torch.Generator random) => new(
        specJson, Iteration, samplerPosition, wallSeconds, TrainLossSum, TrainLossCount,
        LastEvaluationIteration, LastEvaluationWallSeconds, Curve.ToArray(), Checkpoint.CaptureRandomState(random));
}
