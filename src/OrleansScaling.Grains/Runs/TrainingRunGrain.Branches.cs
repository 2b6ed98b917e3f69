using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Runs;

// Cooldown branches (issue 19): a trunk stores an exact checkpoint at each fork point and hands it to the branches that
// start there; a branch waits for it, trains its cooldown, and tells the trunk when it no longer needs it. Every message
// is one-way and idempotent, so no call cycle can deadlock and a repeated message changes nothing.
public sealed partial class TrainingRunGrain
{
    private IRunLineageGrain Lineage(string runId) => GrainFactory.GetGrain<IRunLineageGrain>(runId);

    async Task<string?> ITrainingRunWorkerGrain.RecordForkCheckpoint(string leaseId, CheckpointRef checkpoint)
    {
        var index = State.ForkPoints.FindIndex(f => f.Iteration == checkpoint.Iteration);
        if (!State.IsOpenAttempt(leaseId) || index < 0) return checkpoint.Location;
        var fork = State.ForkPoints[index];
        if (fork.Checkpoint is not null || fork.Released) return checkpoint.Location == fork.Checkpoint?.Location ? null : checkpoint.Location;
        fork = fork with { Checkpoint = checkpoint };
        await Write(State with { Forks = State.ForkPoints.SetItem(index, fork) });
        logger.LogInformation("Run {RunId}: fork checkpoint at iteration {Iteration} for {Branches} branch(es)", RunId, fork.Iteration, fork.Waiting.Count);
        await HandOver(fork);
        return null;
    }

    async Task IRunLineageGrain.ForkReady(CheckpointRef checkpoint, IReadOnlyList<CurvePoint> inherited)
    {
        if (!State.Exists || State.Status != RunStatus.Waiting || checkpoint.Iteration != State.ForkIteration) return;
        var (curve, added) = CurveMerge.Append(State.Curve, inherited.Where(p => p.Iteration <= checkpoint.Iteration).ToList());
        await Write(State with { Status = RunStatus.Queued, LastCheckpoint = checkpoint, Curve = curve, FailureReason = null });
        await Scheduler.Enqueue(RunId, State.Device, State.Spec!.Precision, front: false);
        await Publish(added, statusChanged: true);
    }

    async Task IRunLineageGrain.TrunkEnded(RunStatus trunkStatus, string reason)
    {
        if (!State.Exists || State.Status != RunStatus.Waiting) return;
        if (trunkStatus == RunStatus.StoppedEarly)
        {
            // Early stopping judged the trunk's outcome clear before this branch's fork: the branch is a result of it too.
            await Write(State with { Status = RunStatus.StoppedEarly, FinishedAt = Now, StopReason = reason });
            await Publish([], statusChanged: true);
            return;
        }
        var status = trunkStatus == RunStatus.Cancelled ? RunStatus.Cancelled : RunStatus.Failed;
        await Write(State with { Status = status, FinishedAt = Now, FailureReason = reason });
        await Publish([], statusChanged: true);
    }

    async Task IRunLineageGrain.BranchStarted(string branchRunId)
    {
        var forks = State.ForkPoints;
        var released = new List<CheckpointRef>();
        for (var i = 0; i < forks.Count; i++)
        {
            if (!forks[i].Waiting.Contains(branchRunId)) continue;
            var fork = forks[i] with { Waiting = forks[i].Waiting.Remove(branchRunId) };
            if (fork.Waiting.IsEmpty && fork.Checkpoint is { } checkpoint)
            {
                released.Add(checkpoint);
                fork = fork with { Checkpoint = null, Released = true };
            }
            forks = forks.SetItem(i, fork);
        }
        if (forks == State.ForkPoints) return;
        await Write(State with { Forks = forks });
        // Deleted after the state no longer names them; a failed delete leaves a file behind, never a dangling reference.
        foreach (var checkpoint in released)
        {
            try
            {
                await artifacts.Delete(checkpoint.Location);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Run {RunId}: could not delete the fork checkpoint {Location}", RunId, checkpoint.Location);
            }
        }
    }

    async Task IRunLineageGrain.RequestFork(string branchRunId, long forkIteration)
    {
        var index = State.ForkPoints.FindIndex(f => f.Iteration == forkIteration && f.Branches.Contains(branchRunId));
        var branch = Lineage(branchRunId);
        if (index < 0)
        {
            await branch.TrunkEnded(RunStatus.Failed, $"trunk {State.Key} has no fork point at iteration {forkIteration} for this run.");
            return;
        }
        var fork = State.ForkPoints[index];
        if (!fork.Waiting.Contains(branchRunId))
        {
            fork = fork with { Waiting = fork.Waiting.Add(branchRunId) };
            await Write(State with { Forks = State.ForkPoints.SetItem(index, fork) });
        }
        if (fork.Checkpoint is not null) await HandOver(fork);
        else if (fork.Released || State.IsFinished)
            await branch.TrunkEnded(RunStatus.Failed, NoForkReason(fork));
        // Otherwise the trunk's next attempt checkpoints there (BeginAttempt lists every fork point not yet stored).
    }

    /// <summary>Gives every branch still waiting at <paramref name="fork"/> its checkpoint and the trunk's curve up to there.</summary>
    private async Task HandOver(ForkPoint fork)
    {
        var inherited = State.Curve.Where(p => p.Iteration <= fork.Iteration).ToList();
        foreach (var branchId in fork.Waiting) await Lineage(branchId).ForkReady(fork.Checkpoint!, inherited);
    }

    /// <summary>
    /// Called when this run's status becomes a finished one. A trunk tells the branches still waiting at a fork it never
    /// stored why they will not run (and hands the stored ones over again, in case a one-way message was lost); a
    /// branch with a result no longer needs its fork.
    /// </summary>
    private async Task OnFinished()
    {
        foreach (var fork in State.ForkPoints.Where(f => !f.Waiting.IsEmpty))
        {
            if (fork.Checkpoint is not null) await HandOver(fork);
            else foreach (var branchId in fork.Waiting) await Lineage(branchId).TrunkEnded(State.Status, NoForkReason(fork));
        }
        if (State.IsBranch && State.Status is RunStatus.Succeeded or RunStatus.Diverged or RunStatus.StoppedEarly)
            await Lineage(State.ParentRunId!).BranchStarted(RunId);
    }

    private string NoForkReason(ForkPoint fork) => State.Status switch
    {
        RunStatus.Cancelled => $"cancelled: its trunk {State.Key} was cancelled before iteration {fork.Iteration}, where this branch forks.",
        RunStatus.Diverged => $"its trunk {State.Key} {State.StopReason ?? "diverged"}, before iteration {fork.Iteration}, where this branch forks; lower the learning rate.",
        RunStatus.StoppedEarly => $"stopped early at iteration {fork.Iteration}: its trunk {State.Key} {State.StopReason ?? "stopped early"}, before this branch's fork.",
        RunStatus.Failed => $"its trunk {State.Key} failed before iteration {fork.Iteration}, where this branch forks: {State.FailureReason}. Retry the trunk, then this run.",
        _ when fork.Released => $"its trunk {State.Key} no longer keeps its state at iteration {fork.Iteration} (released once every branch had started); launch the run anew.",
        _ => $"its trunk {State.Key} ended ({State.Status}) without a checkpoint at iteration {fork.Iteration}, where this branch forks; retry the trunk, then this run.",
    };
}
