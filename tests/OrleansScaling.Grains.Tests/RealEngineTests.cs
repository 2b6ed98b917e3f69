using OrleansScaling.Contracts;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class RealEngineTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_tiny_TorchSharp_run_trains_on_a_worker_slot_and_its_loss_falls()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.RealEngine[seed] = true;
        var corpus = Path.Combine(fixture.DataDirectory, $"corpus-{seed}");
        Directory.CreateDirectory(corpus);
        string[] words = ["the", "cat", "sat", "on", "a", "mat", "while", "dogs", "ran", "past", "quickly", "home"];
        await File.WriteAllLinesAsync(Path.Combine(corpus, "corpus.txt"), Enumerable.Range(0, 3000).Select(i =>
            $"sentence {i}: " + string.Join(' ', Enumerable.Range(0, 8).Select(k => words[(i * 7 + k * k + i / 3) % words.Length])) + "."));
        var spec = new RunSpec(new ModelShape(32, 1, 2, 16, 256), BatchSize: 4, Iterations: 60, Corpus: corpus, Seed: seed,
            LearningRate: 3e-3, WarmupIterations: 5, Evaluations: 6, EvalBatches: 2, CheckpointEvery: 20);

        var (_, runIds) = await TestRuns.Create(fixture.Grains, DeviceRequirement.Cpu, spec);
        var done = await TestRuns.WaitFor(fixture.Grains, runIds[0], v => v.Status is RunStatus.Succeeded or RunStatus.Failed, "finished");

        Assert.True(done.Status == RunStatus.Succeeded, done.FailureReason);
        var curve = await fixture.Client.GetCurve(runIds[0]);
        // The engine spaces "about" Evaluations points half logarithmically, half linearly; coinciding ones merge.
        Assert.InRange(curve.Count, 3, spec.Evaluations);
        Assert.Equal(curve.Select(p => p.Iteration).Distinct().Order(), curve.Select(p => p.Iteration));
        Assert.Equal(60, curve[^1].Iteration);
        Assert.True(curve[^1].TestLoss < curve[0].TestLoss, $"test loss {curve[0].TestLoss} → {curve[^1].TestLoss}");
        Assert.Equal(60, done.Progress.Iteration);
        Assert.Equal(60 * spec.TokensPerIteration, done.Progress.TokensSeen);
        Assert.Equal(60L, done.LastCheckpoint?.Iteration);
    }

    [Fact]
    public async Task A_run_at_learning_rate_1e9_ends_diverged_on_its_first_attempt_with_the_engines_stop_reason()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.RealEngine[seed] = true;
        var corpus = Path.Combine(fixture.DataDirectory, $"corpus-{seed}");
        Directory.CreateDirectory(corpus);
        await File.WriteAllLinesAsync(Path.Combine(corpus, "corpus.txt"), Enumerable.Range(0, 2000).Select(i => $"sentence number {i} of the corpus."));
        var spec = new RunSpec(new ModelShape(32, 1, 2, 16, 256), BatchSize: 4, Iterations: 40, Corpus: corpus, Seed: seed,
            LearningRate: 1e9, WarmupIterations: 5, Evaluations: 10, EvalBatches: 2, CheckpointEvery: 20);

        var (_, runIds) = await TestRuns.Create(fixture.Grains, DeviceRequirement.Cpu, spec);
        var done = await TestRuns.WaitFor(fixture.Grains, runIds[0], v => v.Status.IsFinished(), "finished");

        Assert.True(done.Status == RunStatus.Diverged, $"{done.Status}: {done.FailureReason}");
        Assert.Matches(@"^diverged at iteration \d+ \(loss [^)]+\); lower the learning rate$", done.StopReason);
        Assert.Equal(done.StopReason, Assert.Single(done.Attempts).EndReason);
        Assert.Null(done.FailureReason);
        var curve = await fixture.Client.GetCurve(runIds[0]);
        Assert.All(curve, p => Assert.True(p.Iteration < done.Progress.Iteration && double.IsFinite(p.TestLoss)));
    }
}
