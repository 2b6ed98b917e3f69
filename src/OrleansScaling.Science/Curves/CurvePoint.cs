namespace OrleansScaling.Science.Curves;

/// <summary>
/// One evaluation of a training run. Losses are in nats per token; FLOPs are training FLOPs so far
/// (forward + backward); wall time in seconds since the run started (summed over attempts).
/// </summary>
public sealed record CurvePoint(
    long Iteration,
    long Tokens,
    double Flops,
    double TrainLoss,
    double TestLoss,
    double LearningRate,
    double WallSeconds,
    double TokensPerSecond);
