using System.Globalization;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc train`'s progress on stderr: one line per evaluation, and a heartbeat every 10 s between them.</summary>
internal sealed class TrainProgressWriter(TextWriter progress, RunSpec spec) : ITrainingListener
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private DateTime lastLine = DateTime.UtcNow;

    public string? LastCheckpoint { get; private set; }

    public void OnEvaluation(CurvePoint point, TrainingCounters counters) => Write(string.Create(CultureInfo.InvariantCulture,
        $"iter {point.Iteration}/{spec.Iterations}  {point.Tokens:N0} tokens  train {point.TrainLoss:F3} nats  test {point.TestLoss:F3} nats  lr {point.LearningRate:G3}  {point.TokensPerSecond:N0} tokens/s  {point.WallSeconds:F1} s"));

    public void OnCheckpoint(long iteration, string path) => LastCheckpoint = path;

    public void OnProgress(TrainingCounters counters)
    {
        if (DateTime.UtcNow - lastLine >= Heartbeat)
            Write(string.Create(CultureInfo.InvariantCulture,
                $"iter {counters.Iteration}/{spec.Iterations}  {counters.TokensSeen:N0} tokens  {counters.TokensPerSecond:N0} tokens/s  {counters.WallSeconds:F1} s"));
    }

    private void Write(string line)
    {
        lastLine = DateTime.UtcNow;
        progress.WriteLine(line);
        progress.Flush();
    }
}
