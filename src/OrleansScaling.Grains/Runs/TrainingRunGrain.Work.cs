using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Runs;

// The worker-facing half: attempts under a lease, reports, checkpoints and how an attempt ends.
public sealed partial class TrainingRunGrain
{
    async Task ITrainingRunWorkerGrain.Create(string experimentId, string key, RunSpec spec, DeviceRequirement device, RunLineage? lineage)
    {
        if (State.Exists) return;
        lineage ??= RunLineage.None;
        await Write(new TrainingRunState() with
        {
            ExperimentId = experimentId, Key = key, Spec = spec, Device = device, CreatedAt = Now,
            Status = lineage.ParentRunId is null ? RunStatus.Queued : RunStatus.Waiting,
            ParentRunId = lineage.ParentRunId, ForkIteration = lineage.ForkIteration,
            Forks = [.. lineage.Branches.GroupBy(b => b.ForkIteration).OrderBy(g => g.Key)
                .Select(g => new ForkPoint(g.Key, [.. g.Select(b => b.RunId)], [.. g.Select(b => b.RunId)]))],
        });
    }

    async Task<WorkOrder?> ITrainingRunWorkerGrain.BeginAttempt(string leaseId, string silo, string slot)
    {
        if (!State.Exists || State.IsFinished || State.Status == RunStatus.Waiting) return null;
        if (State.Status == RunStatus.Running && State.OpenAttemptLease != leaseId)
        {
            // The scheduler grants a run again only once its previous lease is over (it expired, or its holder ended
            // it). The notice of that (AttemptLost, one-way) can arrive late or not at all: the new grant says enough.
            await EndFailedAttempt("lease lost: the scheduler granted the run again");
            if (State.IsFinished) return null;
        }
        if (await StoppedBeforeAttempt()) return null;
        var attempt = new RunAttempt(State.Attempts.Count + 1, silo, slot, Now, State.LastCheckpoint?.Iteration ?? 0, null, null);
        await Write(State with { Status = RunStatus.Running, OpenAttemptLease = leaseId, Attempts = State.Attempts.Add(attempt) });
        await Publish([], statusChanged: true);
        // A trunk checkpoints at every fork point it has not yet stored (a branch may ask again for a released one).
        var forks = State.ForkPoints.Where(f => f.Checkpoint is null && !f.Released).Select(f => f.Iteration).ToList();
        return new WorkOrder(RunId, State.Spec!, attempt.Number, State.LastCheckpoint, forks.Count > 0 ? forks : null);
    }

    async Task<ReportAnswer> ITrainingRunWorkerGrain.Report(string leaseId, IReadOnlyList<CurvePoint> points, RunProgress progress)
    {
        if (!State.IsOpenAttempt(leaseId)) return ReportAnswer.LeaseLost;
        var (curve, added) = CurveMerge.Append(State.Curve, points);
        var next = State with { Curve = curve, Progress = WithLosses(progress, curve) };
        if (added.Count > 0) await Write(next);
        else
        {
            // Progress alone is not worth a write; the next point or status change persists it.
            state.State = next;
            _unsavedChanges++;
        }
        if (added.Count > 0) await UpdateForecast();
        await Publish(added, statusChanged: false);
        return OpenAttemptAnswer();
    }

    async Task<string?> ITrainingRunWorkerGrain.RecordCheckpoint(string leaseId, CheckpointRef checkpoint)
    {
        var current = State.LastCheckpoint;
        if (!State.IsOpenAttempt(leaseId) || (current is not null && checkpoint.Iteration <= current.Iteration))
            return checkpoint.Location == current?.Location ? null : checkpoint.Location;
        await Write(State with { LastCheckpoint = checkpoint });
        // A branch's first checkpoint supersedes its trunk's at the fork, which is the trunk's to keep or delete.
        if (State.IsBranch && current is not null && current.Iteration == State.ForkIteration)
        {
            await Lineage(State.ParentRunId!).BranchStarted(RunId);
            return null;
        }
        return current?.Location;
    }

    async Task<bool> ITrainingRunWorkerGrain.EndAttempt(string leaseId, AttemptEnd end)
    {
        if (!State.IsOpenAttempt(leaseId)) return false;
        switch (end.Outcome)
        {
            case AttemptOutcome.Succeeded:
                await Write(State.EndAttempt("succeeded", Now) with
                {
                    Status = RunStatus.Succeeded, FinishedAt = Now, Progress = WithLosses(end.Progress, State.Curve),
                });
                break;
            case AttemptOutcome.HandedBack:
                await Write(State.EndAttempt(end.Reason, Now) with { Status = RunStatus.Queued });
                break;
            case AttemptOutcome.Diverged:
                // A result, not a failure: the curve up to the divergence stays, and nothing retries it (the same
                // spec and seed diverge again). The failed-attempt count is left as it was.
                await EndStopped(RunStatus.Diverged, end.Reason, end.Progress);
                break;
            case AttemptOutcome.StoppedEarly:
                await EndStoppedEarly(progress: end.Progress);
                break;
            default:
                await EndFailedAttempt(end.Reason, end.Retryable);
                break;
        }
        await Publish([], statusChanged: true);
        return State.Status == RunStatus.Queued;
    }

    async Task ITrainingRunWorkerGrain.AttemptLost(string leaseId, string reason)
    {
        if (!State.IsOpenAttempt(leaseId)) return;
        await EndFailedAttempt(reason);
        // The scheduler queued the run again when the lease expired; one that has now failed for good leaves the queue.
        if (State.IsFinished) await Scheduler.Remove(RunId);
        await Publish([], statusChanged: true);
    }

    /// <summary>Counts a failed attempt: the run is Queued for another, or Failed for good with every attempt's reason.</summary>
    private async Task EndFailedAttempt(string reason, bool retryable = true)
    {
        var next = State.EndAttempt(reason, Now) with { FailedAttempts = State.FailedAttempts + 1 };
        var maxAttempts = options.Value.MaxAttempts;
        if (retryable && next.FailedAttempts < maxAttempts)
        {
            await Write(next with { Status = RunStatus.Queued });
            return;
        }
        var why = retryable ? $"failed {next.FailedAttempts} of {maxAttempts} allowed attempts" : "failed (not retryable)";
        var reasons = string.Join("; ", next.Attempts.Where(a => a.EndReason is not null).Select(a => $"attempt {a.Number}: {a.EndReason}"));
        await Write(next with { Status = RunStatus.Failed, FinishedAt = Now, FailureReason = $"{why}: {reasons}" });
    }

    /// <summary>
    /// Ends the run with a result short of its last iteration (Diverged, StoppedEarly): the open attempt closes with
    /// <paramref name="reason"/>, which is also the run's stop reason; the curve stays; nothing retries it.
    /// </summary>
    private Task EndStopped(RunStatus status, string reason, RunProgress progress) => Write(State.EndAttempt(reason, Now) with
    {
        Status = status, FinishedAt = Now, StopReason = reason, Progress = WithLosses(progress, State.Curve),
    });

    /// <summary>Last and best test loss come from the whole curve, which spans every attempt.</summary>
    private static RunProgress WithLosses(RunProgress progress, IReadOnlyList<CurvePoint> curve) =>
        curve.Count == 0 ? progress : progress with
        {
            LastTestLoss = curve[^1].TestLoss,
            BestTestLoss = curve.Min(p => p.TestLoss),
        };
}
