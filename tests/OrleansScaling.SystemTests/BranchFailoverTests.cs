using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.SystemTests.Infrastructure;
using OrleansScaling.TestSupport;
using OrleansScaling.Training;
using Xunit.Abstractions;

namespace OrleansScaling.SystemTests;

/// <summary>
/// Cooldown branches through silo deaths (issue 19's "done when"): three cluster-mode silos of one worker slot each, a
/// branching WSD grid of one size (a trunk of 3,000 iterations and a branch of 2,000 forking at 1,000), SIGKILL of the
/// trunk's silo once the branch has forked, then of the branch's silo mid-cooldown. Both curves must equal, bit for
/// bit, the same runs trained without interruption.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class BranchFailoverTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int TrunkIterations = 3000, BranchIterations = 2000, Fork = 1000; // cooldownFraction 0.5
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_trunk_and_its_branch_whose_silos_are_killed_after_the_fork_and_mid_cooldown_equal_the_runs_trained_without_interruption()
    {
        var settings = SiloSettings.ForTest(azurite.ConnectionString, "branches") with
        {
            Extra = new Dictionary<string, string>
            {
                ["OrleansScaling__Workers__CpuSlots"] = "1",
                ["OrleansScaling__Workers__ReportSeconds"] = "0.2",
                ["OrleansScaling__Scheduler__LeaseSeconds"] = "3",
            },
        };
        var corpus = TinyCorpus.Write(Path.Combine(settings.CorpusRoot, "tiny"), sentences: 12000);
        await using var cluster = new ProcessCluster(settings, output.WriteLine);
        await cluster.StartAsync(siloCount: 3);

        const int tokensPerIteration = 4 * 16;
        var experimentId = await cluster.Client.LaunchSweep(new SweepRequest($"branches-{Guid.NewGuid():N}", SweepKind.Grid,
            DModels: [32], Layers: 1, Context: 16, BatchSize: 4, TokenBudgets: [tokensPerIteration * BranchIterations, tokensPerIteration * TrunkIterations],
            Seeds: [7], LearningRate: 3e-3, WarmupIterations: 5, Corpus: corpus,
            Schedule: LearningRateSchedule.Wsd, CooldownFraction: 0.5, Branching: true));
        var runs = (await cluster.Client.GetExperiment(experimentId))!.Runs;
        var trunk = Assert.Single(runs, r => r.ParentRunId is null);
        var branch = Assert.Single(runs, r => r.ParentRunId is not null);
        Assert.Equal((trunk.RunId, (long?)Fork), (branch.ParentRunId, branch.ForkIteration));

        // 1. Once the branch has forked (the trunk stored its state at 1,000 and the branch was leased), kill the trunk's silo.
        var forked = await Waiting.ForRun(cluster.Client, branch.RunId, v => v.Status == RunStatus.Running, "running from the fork", Deadline);
        var trunkNow = await cluster.Client.GetRun(trunk.RunId);
        Assert.True(trunkNow!.Status == RunStatus.Running, $"trunk {trunkNow.Status} at {trunkNow.Progress.Iteration}");
        Assert.NotEqual(forked.CurrentAttempt!.Silo, trunkNow.CurrentAttempt!.Silo); // one slot per silo
        output.WriteLine($"[test] killing the trunk's silo at iteration {trunkNow.Progress.Iteration}");
        await cluster.SiloNamed(trunkNow.CurrentAttempt.Silo).KillAsync();

        // 2. Once the branch has stored a checkpoint of its own in its cooldown, kill its silo.
        var cooling = await Waiting.ForRun(cluster.Client, branch.RunId,
            v => v is { Status: RunStatus.Running, LastCheckpoint.Iteration: > Fork and < BranchIterations }, "checkpointed in its cooldown", Deadline);
        output.WriteLine($"[test] killing the branch's silo at checkpoint {cooling.LastCheckpoint!.Iteration}");
        await cluster.SiloNamed(cooling.CurrentAttempt!.Silo).KillAsync();

        await Waiting.ForRun(cluster.Client, branch.RunId, v => v.Status.IsFinished(), "finished", Deadline);
        var done = await Waiting.ForExperimentDone(cluster.Client, experimentId, Deadline);
        Assert.True(done.Summary.Status == ExperimentStatus.Succeeded, string.Join("; ", done.Runs.Select(r => $"{r.Key} {r.Status} {r.FailureReason}")));
        var trunkDone = done.Runs.Single(r => r.RunId == trunk.RunId);
        var branchDone = done.Runs.Single(r => r.RunId == branch.RunId);
        Assert.True(trunkDone.Attempts.Count >= 2, $"trunk attempts: {trunkDone.Attempts.Count}");
        Assert.True(branchDone.Attempts.Count >= 2, $"branch attempts: {branchDone.Attempts.Count}");
        Assert.Equal(Fork, branchDone.Attempts[0].ResumedFromIteration);
        Assert.InRange(branchDone.Attempts[^1].ResumedFromIteration, Fork + 1, BranchIterations - 1);

        // The same two runs trained without interruption, in this process: the trunk alone (checkpointing at the fork),
        // then the branch from that checkpoint.
        var root = Path.Combine(settings.DataRoot, "reference");
        var forkFile = new ForkFile(Path.Combine(root, "fork.ckpt"), Fork);
        var trunkAlone = new TorchRunTrainer().Train(trunk.Spec,
            new TrainingEnvironment(Path.Combine(root, "cache"), Path.Combine(root, "trunk"), CheckpointAt: [Fork]), null, forkFile, CancellationToken.None);
        var branchAlone = new TorchRunTrainer().Train(branch.Spec,
            new TrainingEnvironment(Path.Combine(root, "cache"), Path.Combine(root, "branch")), forkFile.Path, null, CancellationToken.None);

        Assert.Equal(Losses(trunkAlone.Curve), Losses(await cluster.Client.GetCurve(trunk.RunId)));
        Assert.Equal(Losses(branchAlone.Curve), Losses(await cluster.Client.GetCurve(branch.RunId)));
    }

    private static List<(long, double, double)> Losses(IEnumerable<CurvePoint> curve) => curve.Select(p => (p.Iteration, p.TrainLoss, p.TestLoss)).ToList();

    /// <summary>Keeps a copy of the checkpoint written at the fork (the engine keeps only its last two files).</summary>
    private sealed class ForkFile(string path, long fork) : ITrainingListener
    {
        public string Path { get; } = path;

        public void OnCheckpoint(long iteration, string file)
        {
            if (iteration != fork) return;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.Copy(file, Path, overwrite: true);
        }

        public void OnEvaluation(CurvePoint point, TrainingCounters counters) { }

        public void OnProgress(TrainingCounters counters) { }
    }
}
