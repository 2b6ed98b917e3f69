using OrleansScaling.Contracts;
using Microsoft.Extensions.Logging;
using OrleansScaling.Grains.Runs;
using OrleansScaling.Grains.Scheduling;
using OrleansScaling.Grains.Telemetry;
using OrleansScaling.Training;

namespace OrleansScaling.Grains.Workers;

/// <summary>
/// One attempt at one run on one slot: begin it with the run grain, fetch the checkpoint to resume from, train on a
/// thread of its own while the reporter sends points and checkpoints and renews the lease, then end the attempt as
/// the engine ended — succeeded, diverged, stopped early, failed, handed back (silo stopping) or dropped (lease lost, run cancelled) — first
/// with the run grain (which records it and says whether the run must run again), then with the scheduler (which owns
/// the lease and the queue).
/// </summary>
internal sealed class AttemptExecution(SlotContext context, SlotDescriptor slot, LeaseGrant grant)
{
    private readonly ITrainingRunWorkerGrain _run = context.Grains.GetGrain<ITrainingRunWorkerGrain>(grant.RunId);
    private bool _recorded; // the run grain has recorded how this attempt ended

    public async Task Run(CancellationToken stopping)
    {
        var order = await _run.BeginAttempt(grant.LeaseId, slot.Silo, slot.Slot);
        if (order is null)
        {
            await EndLease(requeue: false);
            return;
        }
        var folder = Path.Combine(context.WorkDirectory, SafeFolderName(slot.Slot), $"{grant.RunId}-attempt{order.AttemptNumber}");
        Directory.CreateDirectory(folder);
        RunLifecycleLog.Leased(context.Runs, grant.RunId, SiloNames.HostPort(slot.Silo), slot.Slot, slot.Device, order.AttemptNumber);
        context.Metrics.Busy(slot, busy: true);
        try
        {
            await Execute(order, folder, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Outside the engine (fetching the checkpoint, say): fail this attempt now rather than at lease expiry.
            var reason = $"could not run the attempt on {slot.Silo} {slot.Slot}: {e.GetType().Name}: {e.Message}";
            context.Logger.LogError(e, "Run {RunId}: {Reason}", grant.RunId, reason);
            // Once the run grain has recorded the end, only the lease is left, and its expiry brings the run back.
            if (!_recorded) await End(new AttemptEnd(AttemptOutcome.Failed, reason, Retryable: true, new RunProgress(0, 0, 0, 0, null, null)));
        }
        finally
        {
            context.Metrics.Busy(slot, busy: false);
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task Execute(WorkOrder order, string folder, CancellationToken stopping)
    {
        string? resumeFile = null;
        if (order.ResumeFrom is { } checkpoint)
        {
            resumeFile = Path.Combine(folder, "resume.ckpt");
            await context.Artifacts.FetchTo(checkpoint.Location, resumeFile, stopping);
            RunLifecycleLog.Resumed(context.Runs, grant.RunId, checkpoint.Iteration);
        }
        var listener = new ReportingListener(folder, context.Logger, counters =>
            context.Metrics.Progress(slot, counters.TokensPerSecond, order.Spec.TokensPerIteration), order.CheckpointAt);
        using var reporter = new AttemptReporter(grant, _run, context.Scheduler, context.Artifacts, listener, context.Logger, context.Runs);
        using var engineStop = CancellationTokenSource.CreateLinkedTokenSource(stopping, reporter.LeaseLost, reporter.StopEarly);
        using var reportStop = new CancellationTokenSource();
        using var heartbeatStop = new CancellationTokenSource();
        var reporting = reporter.ReportLoop(TimeSpan.FromSeconds(context.Options.ReportSeconds), reportStop.Token);
        // The heartbeat outlives the engine: the final flush (points, the last checkpoint) still needs the lease.
        var heartbeat = reporter.HeartbeatLoop(grant.Duration / 3, heartbeatStop.Token);
        var environment = new TrainingEnvironment(context.CacheDirectory, Path.Combine(folder, "engine"), slot.Device,
            context.Options.ThreadsPerRun, context.Options.CorporaDirectory, order.CheckpointAt);
        // The engine blocks its thread for the whole run: give it a thread of its own, never a pool or grain thread.
        var engine = Task.Factory.StartNew(() => context.Trainer.Train(order.Spec, environment, resumeFile, listener, engineStop.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Exception? error = null;
        try
        {
            await engine;
        }
        catch (Exception e)
        {
            error = e;
        }
        await reportStop.CancelAsync();
        await reporting;
        try
        {
            await End(error, reporter, stopping);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
    }

    private async Task End(Exception? error, AttemptReporter reporter, CancellationToken stopping)
    {
        if (reporter.LeaseLost.IsCancellationRequested || (stopping.IsCancellationRequested && context.Abandoned))
        {
            RunLifecycleLog.Dropped(context.Runs, grant.RunId, SiloNames.HostPort(slot.Silo), slot.Slot);
            context.Metrics.AttemptEnded("dropped");
            if (!context.Abandoned) await EndLease(requeue: false);
            return;
        }
        await reporter.Flush(CancellationToken.None);
        if (reporter.StopEarly.IsCancellationRequested && error is OperationCanceledException)
        {
            await End(new AttemptEnd(AttemptOutcome.StoppedEarly, "stopped early", Retryable: false, reporter.Progress));
            return;
        }
        switch (error)
        {
            case null:
                await End(new AttemptEnd(AttemptOutcome.Succeeded, "succeeded", Retryable: false, reporter.Progress));
                break;
            case TrainingDivergedException diverged:
                await End(new AttemptEnd(AttemptOutcome.Diverged, diverged.Message, Retryable: false, reporter.Progress));
                break;
            case OperationCanceledException when stopping.IsCancellationRequested:
                await End(new AttemptEnd(AttemptOutcome.HandedBack,
                    $"handed back at iteration {reporter.Progress.Iteration}: {slot.Silo} is stopping", Retryable: true, reporter.Progress));
                break;
            default:
                var (reason, retryable) = Describe(error);
                context.Logger.LogWarning(error, "Run {RunId} failed on {Silo} {Slot}", grant.RunId, slot.Silo, slot.Slot);
                await End(new AttemptEnd(AttemptOutcome.Failed, reason, retryable, reporter.Progress));
                break;
        }
    }

    /// <summary>The run grain records the end and says whether the run must run again; the scheduler ends the lease.</summary>
    private async Task End(AttemptEnd end)
    {
        var silo = SiloNames.HostPort(slot.Silo);
        switch (end.Outcome)
        {
            case AttemptOutcome.Succeeded:
                RunLifecycleLog.Succeeded(context.Runs, grant.RunId, silo, slot.Slot);
                context.Metrics.AttemptEnded("succeeded");
                break;
            case AttemptOutcome.HandedBack:
                RunLifecycleLog.HandedBack(context.Runs, grant.RunId, silo, slot.Slot, end.Reason);
                context.Metrics.AttemptEnded("handed_back");
                break;
            case AttemptOutcome.Diverged:
                RunLifecycleLog.Diverged(context.Runs, grant.RunId, silo, slot.Slot, end.Reason);
                context.Metrics.AttemptEnded("diverged");
                break;
            case AttemptOutcome.StoppedEarly:
                RunLifecycleLog.StoppedEarly(context.Runs, grant.RunId, silo, slot.Slot);
                context.Metrics.AttemptEnded("stopped_early");
                break;
            default:
                RunLifecycleLog.Failed(context.Runs, grant.RunId, silo, slot.Slot, end.Reason);
                context.Metrics.AttemptEnded("failed");
                break;
        }
        var requeue = await _run.EndAttempt(grant.LeaseId, end);
        _recorded = true;
        var failure = end.Outcome == AttemptOutcome.Failed ? new FailureView(grant.RunId, slot.Silo, end.Reason, DateTimeOffset.UtcNow) : null;
        await context.Scheduler.EndLease(grant.RunId, grant.LeaseId, requeue, failure);
    }

    private Task EndLease(bool requeue) => context.Scheduler.EndLease(grant.RunId, grant.LeaseId, requeue, failure: null);

    /// <summary>A bad spec fails the same way on every try; anything else may be the machine's fault. (A diverged
    /// run is no failure: it ends Diverged above.)</summary>
    private (string Reason, bool Retryable) Describe(Exception error) => error switch
    {
        ArgumentException e => ($"invalid spec: {e.Message}", false),
        _ => ($"{error.GetType().Name}: {error.Message} (on {slot.Silo} {slot.Slot}, {slot.Device})", true),
    };

    private static string SafeFolderName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
