using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training;

namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>
/// Stands in for the TorchSharp engine where training itself is not under test: a test loss that falls as a power
/// law of iterations, reported at the run's evaluation points with exact token accounting, in milliseconds.
/// </summary>
public sealed class FastTrainer : IRunTrainer
{
    public TrainingResult Train(RunSpec spec, TrainingEnvironment environment, string? resumeFrom, ITrainingListener? listener, CancellationToken cancellationToken)
    {
        var curve = new List<CurvePoint>();
        var every = Math.Max(1, spec.Iterations / Math.Max(1, spec.Evaluations));
        var uniqueTokens = spec.TotalTokens / Math.Max(1, spec.Epochs);
        TrainingCounters counters = new(0, 0, 0, 0, 0);
        for (long i = every; i <= spec.Iterations; i += every)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tokens = i * spec.TokensPerIteration;
            var loss = 1.5 + 4.0 * Math.Pow(i, -0.3);
            counters = new TrainingCounters(i, tokens, Math.Min(tokens, uniqueTokens), i * 1e-3, 1e6);
            var point = new CurvePoint(i, tokens, tokens * spec.Shape.FlopsPerToken, loss * 0.98, loss, spec.LearningRate, counters.WallSeconds, counters.TokensPerSecond);
            curve.Add(point);
            listener?.OnEvaluation(point, counters);
            listener?.OnProgress(counters);
        }
        return new TrainingResult(spec, spec.Shape.Parameters, spec.Shape.FlopsPerToken, curve, counters, curve[^1].TestLoss, curve.Min(p => p.TestLoss));
    }
}
