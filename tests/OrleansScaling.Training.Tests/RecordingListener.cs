using OrleansScaling.Science.Curves;

namespace OrleansScaling.Training.Tests;

/// <summary>Records what the engine reports; can cancel the run after a given evaluation.</summary>
internal sealed class RecordingListener(CancellationTokenSource? cancelAfterEvaluation = null, long cancelAtIteration = 0) : ITrainingListener
{
    public List<CurvePoint> Points { get; } = [];
    public List<(long Iteration, string Path)> Checkpoints { get; } = [];
    public List<TrainingCounters> Progress { get; } = [];

    public void OnEvaluation(CurvePoint point, TrainingCounters counters)
    {
        Points.Add(point);
        if (cancelAfterEvaluation is not null && point.Iteration == cancelAtIteration) cancelAfterEvaluation.Cancel();
    }

    public void OnCheckpoint(long iteration, string path) => Checkpoints.Add((iteration, path));

    public void OnProgress(TrainingCounters counters) => Progress.Add(counters);
}
