using Azure.Storage.Blobs;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Science.Runs;
using OrleansScaling.SystemTests.Infrastructure;
using OrleansScaling.TestSupport;
using OrleansScaling.Training;
using Xunit.Abstractions;

namespace OrleansScaling.SystemTests;

/// <summary>
/// The fault-tolerance and reproducibility promises end to end, with real processes: Azurite, two cluster-mode silos
/// of two worker slots each, a client in the test, real (tiny) TorchSharp runs S, SD, M(2) and MD(2) trained two per
/// silo process, SIGKILL of the silo training SD, then a full cluster restart over the same storage.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SiloFailureTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Iterations = 1000;
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Runs_trained_side_by_side_and_a_dropout_run_whose_silo_is_killed_equal_their_standalone_curves_and_survive_a_restart()
    {
        var settings = SiloSettings.ForTest(azurite.ConnectionString, "failover") with
        {
            Extra = new Dictionary<string, string>
            {
                ["OrleansScaling__Workers__CpuSlots"] = "2",
                ["OrleansScaling__Scheduler__LeaseSeconds"] = "3",
            },
        };
        var corpus = TinyCorpus.Write(Path.Combine(settings.DataRoot, "corpus"));
        await using var cluster = new ProcessCluster(settings, output.WriteLine);
        await cluster.StartAsync(siloCount: 2);

        // S, SD, M(2) and MD(2) of one tiny size: four runs on four slots, two in each silo process.
        var experimentId = await cluster.Client.LaunchSweep(new SweepRequest($"failover-{Guid.NewGuid():N}", SweepKind.PaperComparison,
            DModels: [32], Layers: 1, Context: 16, BatchSize: 4, Dropout: 0.1, EpochsList: [2], Seeds: [7],
            Iterations: Iterations, LearningRate: 3e-3, WarmupIterations: 5, Corpus: corpus));
        var runs = (await cluster.Client.GetExperiment(experimentId))!.Runs;
        Assert.Equal(4, runs.Count);
        var runId = runs.Single(r => r.Spec is { Epochs: 1, Dropout: > 0 }).RunId; // SD

        var checkpointed = await WaitForFirstCheckpoint(cluster, runId);
        var victim = cluster.SiloNamed(checkpointed.CurrentAttempt!.Silo);
        output.WriteLine($"[test] killing {victim.Name} at checkpoint {checkpointed.LastCheckpoint!.Iteration}");
        await victim.KillAsync();

        var done = await Waiting.ForRun(cluster.Client, runId, v => v.Status is RunStatus.Succeeded or RunStatus.Failed, "finished", RunDeadline);
        Assert.True(done.Status == RunStatus.Succeeded, $"{done.Status}: {done.FailureReason}");
        Assert.Equal(2, done.Attempts.Count);
        Assert.Equal(checkpointed.CurrentAttempt.Silo, done.Attempts[0].Silo);
        Assert.NotEqual(done.Attempts[0].Silo, done.Attempts[1].Silo);
        Assert.InRange(done.Attempts[1].ResumedFromIteration, checkpointed.LastCheckpoint.Iteration, Iterations - 1);

        // Cluster mode keeps checkpoints in Blob storage, where the second silo found the first one's.
        var artifacts = new BlobContainerClient(azurite.ConnectionString, BlobArtifactStore.DefaultContainer);
        Assert.True(await artifacts.GetBlobClient(done.LastCheckpoint!.Location).ExistsAsync(), done.LastCheckpoint.Location);

        await Waiting.ForExperimentDone(cluster.Client, experimentId, RunDeadline);
        // Every run — the killed SD, and the three that trained beside other runs in a silo process — has, bit for bit,
        // the curve of the same spec trained alone (as `osc train` does): every evaluation point once, same losses.
        foreach (var run in runs)
        {
            var curve = await cluster.Client.GetCurve(run.RunId);
            var reference = new TorchRunTrainer().Train(run.Spec,
                new TrainingEnvironment(Path.Combine(settings.DataRoot, "reference-cache"), Path.Combine(settings.DataRoot, "reference-ckpt", run.Key)),
                resumeFrom: null, listener: null, CancellationToken.None);
            Assert.Equal(reference.Curve.Select(p => (p.Iteration, p.TrainLoss, p.TestLoss)), curve.Select(p => (p.Iteration, p.TrainLoss, p.TestLoss)));
        }

        var before = await Snapshot(cluster);
        await cluster.RestartAsync();
        var after = await Snapshot(cluster);

        Assert.Contains(experimentId, after.Experiments);
        Assert.Equal(before.Experiments, after.Experiments);
        Assert.Equal(before.Runs, after.Runs);
        Assert.Equal(before.Curves, after.Curves);
        // The scheduler's persisted queue and leases load too (it activates to answer this).
        Assert.Equal(0, (await cluster.Client.GetCluster()).QueueLength);
    }

    /// <summary>Subscribes to the run and returns its view once it holds a checkpoint past iteration 0 while still running.</summary>
    private static async Task<RunView> WaitForFirstCheckpoint(ProcessCluster cluster, string runId)
    {
        static bool Checkpointed(RunView v) => v is { Status: RunStatus.Running, LastCheckpoint.Iteration: > 0 };
        var reached = new TaskCompletionSource<RunView>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await cluster.Client.SubscribeRun(runId, update =>
        {
            if (Checkpointed(update.View)) reached.TrySetResult(update.View);
            return Task.CompletedTask;
        });
        // Subscribed first, then read the snapshot: a checkpoint recorded in between is not missed.
        if (await cluster.Client.GetRun(runId) is { } now && Checkpointed(now)) reached.TrySetResult(now);
        return await reached.Task.WaitAsync(RunDeadline);
    }

    private sealed record ClusterSnapshot(string Experiments, string Runs, string Curves);

    /// <summary>Everything a user can read back, flattened to text so two snapshots compare field by field.</summary>
    private static async Task<ClusterSnapshot> Snapshot(ProcessCluster cluster)
    {
        var experiments = await cluster.Client.ListExperiments();
        var runs = await cluster.Client.ListRuns();
        var curves = new List<string>();
        foreach (var run in runs.OrderBy(r => r.RunId))
            curves.Add($"{run.RunId}: " + string.Join(";", (await cluster.Client.GetCurve(run.RunId)).Select(p => $"{p.Iteration}={p.TestLoss:R}")));
        return new ClusterSnapshot(
            string.Join("\n", experiments.Select(e => $"{e.ExperimentId} {e.Name} {e.Status} {e.Runs}/{e.RunsFinished}")),
            string.Join("\n", runs.OrderBy(r => r.RunId).Select(r =>
                $"{r.RunId} {r.Status} it={r.Progress.Iteration} best={r.Progress.BestTestLoss:R} attempts={r.Attempts.Count} ckpt={r.LastCheckpoint?.Iteration}")),
            string.Join("\n", curves));
    }
}
