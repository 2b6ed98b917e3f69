using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Runs;

// The worker-facing half: attempts under a lease, reports, checkpoints and how an attempt ends.
public sealed partial class TrainingRunGrain
{
    async Task ITrainingRunWorkerGrain.Create(string experimentId, string key, RunSpec spec, DeviceRequirement device)
    {
        if (State.Exists) return;
        await Write(new TrainingRunState() with
        {
            ExperimentId = experimentId, Key = key, Spec = spec, Device = device, CreatedAt = Now,
        });
    }

    async Task<WorkOrder?> ITrainingRunWorkerGrain.BeginAttempt(string leaseId, string silo, string slot)
    {
        if (!State.Exists || State.IsFinished) return null;
        if (State.Status == RunStatus.Running && State.LeaseId != leaseId)
        {
            // The scheduler re-leased the run before its lost-lease notice reached us: close that attempt first.
            await EndFailedAttempt("lease lost: the run was leased again", retryable: true, alreadyQueued: true);
            if (State.IsFinished) return null;
        }
        var attempt = new RunAttempt(State.Attempts.Count + 1, silo, slot, Now, State.LastCheckpoint?.Iteration ?? 0, null, null);
        await Write(State with { Status = RunStatus.Running, LeaseId = leaseId, Attempts = State.Attempts.Add(attempt) });
        await Publish([], statusChanged: true);
        return new WorkOrder(RunId, State.Spec!, attempt.Number, State.LastCheckpoint);
    }

    async Task<bool> ITrainingRunWorkerGrain.Report(string leaseId, IReadOnlyList<CurvePoint> points, RunProgress progress)
    {
        if (!HoldsLease(leaseId)) return false;
        var (curve, added) = CurveMerge.Append(State.Curve, points);
        var next = State with { Curve = curve, Progress = WithLosses(progress, curve) };
        if (added.Count > 0) await Write(next);
        else state.State = next; // progress alone is not worth a write; the next point or status change persists it
        await Publish(added, statusChanged: false);
        return true;
    }

    async Task<string?> ITrainingRunWorkerGrain.RecordCheckpoint(string leaseId, CheckpointRef checkpoint)
    {
        var current = State.LastCheckpoint;
        if (!HoldsLease(leaseId) || (current is not null && checkpoint.Iteration <= current.Iteration))
            return checkpoint.Location == current?.Location ? null : checkpoint.Location;
        await Write(State with { LastCheckpoint = checkpoint });
        return current?.Location;
    }

    async Task ITrainingRunWorkerGrain.Complete(string leaseId, RunProgress progress)
    {
        if (!HoldsLease(leaseId)) return;
        await Write(State.EndAttempt("succeeded", Now) with
        {
            Status = RunStatus.Succeeded, FinishedAt = Now, Progress = WithLosses(progress, State.Curve),
        });
        await Publish([], statusChanged: true);
    }

    async Task ITrainingRunWorkerGrain.Fail(string leaseId, string reason, bool retryable)
    {
        if (!HoldsLease(leaseId)) return;
        await EndFailedAttempt(reason, retryable, alreadyQueued: false);
    }

    async Task ITrainingRunWorkerGrain.HandBack(string leaseId, string reason)
    {
        if (!HoldsLease(leaseId)) return;
        await Write(State.EndAttempt(reason, Now) with { Status = RunStatus.Queued });
        await Scheduler.Enqueue(RunId, State.Device, front: true);
        await Publish([], statusChanged: true);
    }

    async Task ITrainingRunWorkerGrain.LeaseLost(string leaseId, string reason)
    {
        if (!HoldsLease(leaseId)) return;
        await EndFailedAttempt(reason, retryable: true, alreadyQueued: true);
    }

    private bool HoldsLease(string leaseId) => State.Status == RunStatus.Running && State.LeaseId == leaseId;

    /// <summary>Counts a failed attempt; queues the run again, or fails it for good with every attempt's reason.</summary>
    private async Task EndFailedAttempt(string reason, bool retryable, bool alreadyQueued)
    {
        if (!alreadyQueued) await Scheduler.RecordFailure(new FailureView(RunId, State.Attempts[^1].Silo, reason, Now));
        var next = State.EndAttempt(reason, Now) with { FailedAttempts = State.FailedAttempts + 1 };
        var maxAttempts = options.Value.MaxAttempts;
        if (!retryable || next.FailedAttempts >= maxAttempts)
        {
            var why = retryable ? $"failed {next.FailedAttempts} of {maxAttempts} allowed attempts" : "failed (not retryable)";
            var reasons = string.Join("; ", next.Attempts.Where(a => a.EndReason is not null)
                .Select(a => $"attempt {a.Number}: {a.EndReason}"));
            await Write(next with { Status = RunStatus.Failed, FinishedAt = Now, FailureReason = $"{why}: {reasons}" });
            await Scheduler.Remove(RunId);
        }
        else
        {
            await Write(next with { Status = RunStatus.Queued });
            if (!alreadyQueued) await Scheduler.Enqueue(RunId, State.Device, front: true);
        }
        await Publish([], statusChanged: true);
    }

    /// <summary>Last and best test loss come from the whole curve, which spans every attempt.</summary>
    private static RunProgress WithLosses(RunProgress progress, IReadOnlyList<CurvePoint> curve) =>
        curve.Count == 0 ? progress : progress with
        {
            LastTestLoss = curve[^1].TestLoss,
            BestTestLoss = curve.Min(p => p.TestLoss),
        };
}
