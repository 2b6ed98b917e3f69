using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansScaling.Science.Curves;
using OrleansScaling.Training;

namespace OrleansScaling.Grains.Workers;

/// <summary>A checkpoint the engine wrote, copied aside so the engine may reuse its file name; a fork checkpoint is a
/// trunk's at a fork point, where cooldown branches start.</summary>
internal sealed record StagedCheckpoint(long Iteration, string File, bool IsFork = false)
{
    public void Discard() => System.IO.File.Delete(File);
}

/// <summary>
/// Collects what the engine reports on its own thread (points, checkpoints, counters) for the attempt's reporter,
/// which sends it on from the silo's side. Quick and never throwing, as the engine requires.
/// </summary>
internal sealed class ReportingListener(string stagingFolder, ILogger logger, Action<TrainingCounters>? onCounters = null,
    IReadOnlyCollection<long>? forkIterations = null) : ITrainingListener
{
    private readonly HashSet<long> _forks = [.. forkIterations ?? []];
    private readonly ConcurrentQueue<CurvePoint> _points = new();
    private readonly ConcurrentQueue<StagedCheckpoint> _checkpoints = new();
    private TrainingCounters? _counters;

    public TrainingCounters? Counters => Volatile.Read(ref _counters);

    public void OnEvaluation(CurvePoint point, TrainingCounters counters)
    {
        _points.Enqueue(point);
        OnProgress(counters);
    }

    public void OnProgress(TrainingCounters counters)
    {
        Volatile.Write(ref _counters, counters);
        onCounters?.Invoke(counters);
    }

    public void OnCheckpoint(long iteration, string path)
    {
        // A name of its own: the engine may checkpoint one iteration twice (again when cancelled there).
        var staged = Path.Combine(stagingFolder, $"staged-{iteration:D10}-{Guid.NewGuid():N}.ckpt");
        try
        {
            File.Copy(path, staged, overwrite: true);
            _checkpoints.Enqueue(new StagedCheckpoint(iteration, staged, _forks.Contains(iteration)));
        }
        catch (IOException e)
        {
            // The previous checkpoint stays the resume point; the engine's next one is tried again.
            logger.LogError(e, "Could not stage the checkpoint at iteration {Iteration} from {Path}", iteration, path);
        }
    }

    /// <summary>
    /// Takes the staged checkpoints first, then the points: every point the engine reported before a checkpoint
    /// is then in the batch, so the run grain records a checkpoint only after the points it covers.
    /// </summary>
    public (List<StagedCheckpoint> Checkpoints, List<CurvePoint> Points) Drain()
    {
        var checkpoints = new List<StagedCheckpoint>();
        while (_checkpoints.TryDequeue(out var checkpoint)) checkpoints.Add(checkpoint);
        var points = new List<CurvePoint>();
        while (_points.TryDequeue(out var point)) points.Add(point);
        return (checkpoints, points);
    }
}
