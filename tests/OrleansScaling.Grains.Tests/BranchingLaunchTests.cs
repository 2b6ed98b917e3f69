using OrleansScaling.Contracts;
using OrleansScaling.Grains.Experiments;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training;

namespace OrleansScaling.Grains.Tests;

/// <summary>
/// Cooldown branches on the cluster (issue 19): a branching WSD sweep plans, launches and trains; each branch waits for
/// its trunk's fork checkpoint, starts there, equals the same run trained alone, and its trunk's failure or cancellation
/// reaches it while it waits.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BranchingLaunchTests(ClusterFixture fixture)
{
    private static SweepRequest Branching() => new($"branching-{Guid.NewGuid():N}", SweepKind.Grid, DModels: [64], Layers: 1,
        TokenBudgets: [4 * 32 * 50, 4 * 32 * 100], BatchSize: 4, Context: 32, Schedule: LearningRateSchedule.Wsd, Branching: true);

    [Fact]
    public async Task The_planner_grain_previews_trunks_and_branches()
    {
        var plan = await fixture.Client.PreviewPlan(Branching());

        var branch = Assert.Single(plan.Runs, r => r.ParentKey is not null);
        Assert.Equal(("d64-L1-S-wsd-I100-seed1", 40L), (branch.ParentKey, branch.ForkIteration));
        Assert.Equal(LearningRateSchedule.Wsd, branch.Spec.Schedule);
        Assert.True(plan.Flops < plan.FlopsWithoutBranching);
    }

    [Fact]
    public async Task A_branching_sweep_trains_each_branch_from_its_trunks_fork_and_the_branch_equals_the_run_trained_alone()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.RealEngine[seed] = true;
        var corpus = WriteCorpus(seed);
        var request = new SweepRequest($"branching-{Guid.NewGuid():N}", SweepKind.Grid, DModels: [32], Layers: 1, Context: 16, BatchSize: 4,
            TokenBudgets: [4 * 16 * 40, 4 * 16 * 80], Seeds: [seed], LearningRate: 3e-3, WarmupIterations: 5, Corpus: corpus,
            Schedule: LearningRateSchedule.Wsd, Branching: true, Device: DeviceRequirement.Cpu);

        // Planned by the planner the catalog uses, created straight on the experiment grain (the test corpus is no
        // corpus the silos offer by name).
        var experimentId = TestRuns.NewExperimentId();
        await fixture.Grains.GetGrain<IExperimentRunsGrain>(experimentId).Create(OrleansScaling.Science.Planning.SweepPlanner.Plan(request), DateTimeOffset.UtcNow);
        var runs = (await fixture.Client.GetExperiment(experimentId))!.Runs;
        var trunk = Assert.Single(runs, r => r.ParentRunId is null);
        var branch = Assert.Single(runs, r => r.ParentRunId is not null);
        Assert.Equal((trunk.RunId, 32L), (branch.ParentRunId, branch.ForkIteration));

        var branchDone = await TestRuns.WaitFor(fixture.Grains, branch.RunId, v => v.Status.IsFinished(), "finished");
        var trunkDone = await TestRuns.WaitFor(fixture.Grains, trunk.RunId, v => v.Status.IsFinished(), "finished");
        Assert.True(branchDone.Status == RunStatus.Succeeded, $"{branchDone.Status}: {branchDone.FailureReason}");
        Assert.True(trunkDone.Status == RunStatus.Succeeded, $"{trunkDone.Status}: {trunkDone.FailureReason}");
        // The branch trained only its cooldown: its one attempt resumed from the trunk's state at the fork.
        Assert.Equal(32, Assert.Single(branchDone.Attempts).ResumedFromIteration);

        var trunkCurve = await fixture.Client.GetCurve(trunk.RunId);
        var branchCurve = await fixture.Client.GetCurve(branch.RunId);
        // Up to the fork, the trunk's points (inherited); after it, the branch's own, bit for bit the same run trained alone.
        Assert.Equal(trunkCurve.Where(p => p.Iteration <= 32), branchCurve.Where(p => p.Iteration <= 32));
        var alone = new TorchRunTrainer().Train(branch.Spec, new TrainingEnvironment(Path.Combine(fixture.DataDirectory, "reference-cache"),
            Path.Combine(fixture.DataDirectory, $"reference-{seed}")), null, null, CancellationToken.None);
        Assert.Equal(alone.Curve.Where(p => p.Iteration > 32).Select(p => (p.Iteration, p.TestLoss)),
                     branchCurve.Where(p => p.Iteration > 32).Select(p => (p.Iteration, p.TestLoss)));
        Assert.Equal(40, branchCurve[^1].Iteration);

        // The trunk stored its state at the fork under a name of its own and deleted it once the branch no longer needed
        // it (the branch's notice is one-way: polled, bounded).
        var artifacts = Path.Combine(fixture.DataDirectory, "artifacts");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Directory.EnumerateFiles(artifacts, "fork-*.ckpt", SearchOption.AllDirectories).Any(f => f.Contains(experimentId)) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.DoesNotContain(Directory.EnumerateFiles(artifacts, "fork-*.ckpt", SearchOption.AllDirectories), f => f.Contains(experimentId));
        Assert.NotNull(trunkDone.LastCheckpoint);
        Assert.DoesNotContain("fork-", trunkDone.LastCheckpoint!.Location);
    }

    [Fact]
    public async Task A_branch_waits_for_its_fork_and_is_cancelled_with_a_reason_when_its_trunk_is_cancelled_first()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.Holding[seed] = true; // the trunk holds after its first checkpoint, at 50, before the fork at 100
        var (trunkId, branchId) = await CreateTrunkAndBranch(seed);
        await fixture.Trainer.Held(seed);

        var waiting = await fixture.Client.GetRun(branchId);
        Assert.Equal(RunStatus.Waiting, waiting!.Status);
        Assert.Empty(waiting.Attempts);

        await fixture.Client.CancelRun(trunkId);
        var cancelled = await TestRuns.WaitFor(fixture.Grains, branchId, v => v.Status.IsFinished(), "finished");
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Contains("trunk trunk was cancelled before iteration 100", cancelled.FailureReason);
    }

    [Fact]
    public async Task A_trunk_that_fails_for_good_before_the_fork_fails_its_waiting_branch_naming_the_trunk()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.Failing[seed] = true;
        var (_, branchId) = await CreateTrunkAndBranch(seed);

        var failed = await TestRuns.WaitFor(fixture.Grains, branchId, v => v.Status.IsFinished(), "finished");
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains("its trunk trunk failed before iteration 100", failed.FailureReason);
        Assert.Empty(failed.Attempts);
    }

    /// <summary>A hand-made plan: a WSD trunk of 400 iterations and a branch of 125 forking at round(0.8 · 125) = 100.</summary>
    private async Task<(string TrunkId, string BranchId)> CreateTrunkAndBranch(int seed)
    {
        var trunk = TestRuns.Spec(seed, iterations: 400) with { Schedule = LearningRateSchedule.Wsd };
        var branch = trunk with { Iterations = 125 };
        Assert.Equal(100, OrleansScaling.Science.Runs.Branching.ForkIteration(branch));
        var experimentId = TestRuns.NewExperimentId();
        var request = new SweepRequest($"test-{Guid.NewGuid():N}", SweepKind.Grid, Device: DeviceRequirement.Cpu,
            Schedule: LearningRateSchedule.Wsd, Branching: true);
        var plan = new SweepPlan(request, [
            new PlannedRun("trunk", trunk, trunk.Shape.Parameters, 1, 1),
            new PlannedRun("branch", branch, branch.Shape.Parameters, 1, 1, ParentKey: "trunk", ForkIteration: 100),
        ], []);
        await fixture.Grains.GetGrain<IExperimentRunsGrain>(experimentId).Create(plan, DateTimeOffset.UtcNow);
        return (ExperimentState.RunIdOf(experimentId, plan.Runs[0]), ExperimentState.RunIdOf(experimentId, plan.Runs[1]));
    }

    private string WriteCorpus(int seed)
    {
        var corpus = Path.Combine(fixture.DataDirectory, $"corpus-{seed}");
        Directory.CreateDirectory(corpus);
        string[] words = ["the", "cat", "sat", "on", "a", "mat", "while", "dogs", "ran", "past", "quickly", "home"];
        File.WriteAllLines(Path.Combine(corpus, "corpus.txt"), Enumerable.Range(0, 3000).Select(i =>
            $"sentence {i}: " + string.Join(' ', Enumerable.Range(0, 8).Select(k => words[(i * 7 + k * k + i / 3) % words.Length])) + "."));
        return corpus;
    }
}
