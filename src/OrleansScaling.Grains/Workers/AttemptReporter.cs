using Microsoft.Extensions.Logging;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Runs;
using OrleansScaling.Grains.Scheduling;

namespace OrleansScaling.Grains.Workers;

/// <summary>
/// Sends an attempt's points and progress to the run grain in batches, stores its checkpoints in the artifact
/// store, and renews its lease. What a failed call did not deliver stays here and goes with the next batch.
/// When the run grain or the scheduler says the lease is gone, <see cref="LeaseLost"/> fires and the engine stops; when
/// the run grain says early stopping asked for it, <see cref="StopEarly"/> fires and the engine stops too.
/// </summary>
internal sealed class AttemptReporter(
    LeaseGrant grant,
    ITrainingRunWorkerGrain run,
    ISchedulerGrain scheduler,
    IArtifactStore artifacts,
    ReportingListener listener,
    ILogger logger,
    ILogger runs) : IDisposable
{
    private readonly List<Science.Curves.CurvePoint> _unsentPoints = [];
    private StagedCheckpoint? _unsentCheckpoint;
    private readonly List<StagedCheckpoint> _unsentForks = [];
    private readonly CancellationTokenSource _leaseLost = new();
    private readonly CancellationTokenSource _stopEarly = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public CancellationToken LeaseLost => _leaseLost.Token;

    /// <summary>The run grain answered a report with "stop early": the engine stops, and the attempt ends StoppedEarly after a final flush.</summary>
    public CancellationToken StopEarly => _stopEarly.Token;

    public RunProgress Progress => listener.Counters is { } c
        ? new RunProgress(c.Iteration, c.TokensSeen, c.UniqueTokensSeen, c.TokensPerSecond, null, null)
        : new RunProgress(0, 0, 0, 0, null, null);

    /// <summary>Sends everything collected so far: points first, then each checkpoint they lead up to.</summary>
    public async Task Flush(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var (staged, points) = listener.Drain();
            _unsentPoints.AddRange(points);
            // Every fork checkpoint is stored (branches start from them); of the others only the newest matters.
            _unsentForks.AddRange(staged.Where(c => c.IsFork));
            var checkpoints = staged.Where(c => !c.IsFork).ToList();
            if (checkpoints.Count > 0)
            {
                // Only the newest checkpoint matters for a resume; older ones not yet stored are skipped.
                _unsentCheckpoint?.Discard();
                foreach (var skipped in checkpoints.SkipLast(1)) skipped.Discard();
                _unsentCheckpoint = checkpoints[^1];
            }
            switch (await run.Report(grant.LeaseId, _unsentPoints, Progress))
            {
                case ReportAnswer.LeaseLost: _leaseLost.Cancel(); break;
                case ReportAnswer.StopEarly: _stopEarly.Cancel(); break;
            }
            _unsentPoints.Clear();
            // Forks first: a resume never starts past a fork point whose checkpoint was not stored.
            while (!_leaseLost.IsCancellationRequested && _unsentForks.Count > 0)
            {
                await StoreCheckpoint(_unsentForks[0], cancellationToken);
                _unsentForks.RemoveAt(0);
            }
            if (!_leaseLost.IsCancellationRequested && _unsentCheckpoint is { } checkpoint)
            {
                await StoreCheckpoint(checkpoint, cancellationToken);
                _unsentCheckpoint = null;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>Flushes every <paramref name="period"/> until stopped; a failed batch is retried with the next one.</summary>
    public Task ReportLoop(TimeSpan period, CancellationToken stop) => Every(period, stop, "report progress", Flush);

    /// <summary>Renews the lease every <paramref name="period"/>; the scheduler's "no" means the lease is lost.</summary>
    public Task HeartbeatLoop(TimeSpan period, CancellationToken stop) => Every(period, stop, "renew the lease", async _ =>
    {
        if (!await scheduler.Renew(grant.RunId, grant.LeaseId)) _leaseLost.Cancel();
    });

    public void Dispose()
    {
        _leaseLost.Dispose();
        _stopEarly.Dispose();
        _flushing.Dispose();
    }

    /// <summary>
    /// Stores a checkpoint and has the run grain record it: a fork checkpoint under its own name and as a fork point, any
    /// other as the resume point. The grain answers which location the worker may delete: the superseded checkpoint,
    /// or this one when it is not needed (for a fork checkpoint only ever this one).
    /// </summary>
    private async Task StoreCheckpoint(StagedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var location = await artifacts.PutCheckpoint(grant.RunId, checkpoint.Iteration, checkpoint.File, cancellationToken, fork: checkpoint.IsFork);
        var reference = new CheckpointRef(checkpoint.Iteration, location, DateTimeOffset.UtcNow);
        var unused = checkpoint.IsFork
            ? await run.RecordForkCheckpoint(grant.LeaseId, reference)
            : await run.RecordCheckpoint(grant.LeaseId, reference);
        if (unused != location) Telemetry.RunLifecycleLog.CheckpointWritten(runs, grant.RunId, checkpoint.Iteration, location);
        if (unused is not null) await artifacts.Delete(unused, cancellationToken);
        checkpoint.Discard();
    }

    private async Task Every(TimeSpan period, CancellationToken stop, string what, Func<CancellationToken, Task> action)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop) && !_leaseLost.IsCancellationRequested)
            {
                try
                {
                    await action(stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The run's grain or the scheduler may be moving to another silo; the lease covers the gap.
                    logger.LogWarning(e, "Run {RunId}: could not {What}; trying again in {Period}", grant.RunId, what, period);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped: the attempt has ended and its final flush follows.
        }
    }
}
