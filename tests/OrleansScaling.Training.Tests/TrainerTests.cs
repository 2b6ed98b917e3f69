using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Corpora;

namespace OrleansScaling.Training.Tests;

public class TrainerTests
{
    private static readonly string SmallCorpus = TestData.TextFolder(2000); // ~90 KB, ~5,500 windows of 16 tokens

    [Fact]
    public void S_run_sees_every_token_once_and_reports_a_full_curve()
    {
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 30);
        var listener = new RecordingListener();
        TrainingResult result = new TorchRunTrainer().Train(spec, TestData.Environment(), null, listener, CancellationToken.None);

        Assert.Equal(30 * 4 * 16, result.Counters.TokensSeen);
        Assert.Equal(result.Counters.TokensSeen, result.Counters.UniqueTokensSeen);
        Assert.Equal(30, result.Curve[^1].Iteration);
        Assert.Equal(listener.Points, result.Curve);
        Assert.All(result.Curve, p => Assert.Equal(p.Tokens * spec.Shape.FlopsPerToken, p.Flops));
        Assert.Contains(1, result.Curve.Select(p => p.Iteration)); // log spacing starts at the first iteration
        Assert.Equal(30, listener.Checkpoints[^1].Iteration);
        Assert.True(File.Exists(listener.Checkpoints[^1].Path));
    }

    [Fact]
    public void M_run_sees_E_times_its_unique_tokens()
    {
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 20, epochs: 4);
        TrainingResult result = new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None);
        Assert.Equal(4 * result.Counters.UniqueTokensSeen, result.Counters.TokensSeen);
    }

    [Fact]
    public void Cancelled_run_checkpoints_and_its_resume_equals_the_uninterrupted_run()
    {
        // Dropout on, so the restored random state matters too.
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 24, dropout: 0.1);
        TrainingResult uninterrupted = new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        long cancelAt = uninterrupted.Curve[2].Iteration;
        var listener = new RecordingListener(cancel, cancelAt);
        Assert.Throws<OperationCanceledException>(() =>
            new TorchRunTrainer().Train(spec, TestData.Environment(), null, listener, cancel.Token));
        (long iteration, string checkpoint) = listener.Checkpoints[^1];
        Assert.Equal(cancelAt, iteration);

        TrainingResult resumed = new TorchRunTrainer().Train(spec, TestData.Environment(), checkpoint, null, CancellationToken.None);
        Assert.Equal(uninterrupted.Curve.Select(p => (p.Iteration, p.TrainLoss, p.TestLoss)),
                     resumed.Curve.Select(p => (p.Iteration, p.TrainLoss, p.TestLoss)));
        Assert.Equal(uninterrupted.Counters.TokensSeen, resumed.Counters.TokensSeen);
    }

    [Fact]
    public async Task Runs_sharing_a_process_do_not_disturb_each_other()
    {
        // A silo trains several runs at once in one process: each must get the losses it gets alone.
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 12);
        TrainingResult alone = new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None);
        TrainingResult[] together = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None))));
        foreach (TrainingResult result in together)
            Assert.Equal(alone.Curve.Select(p => (p.TrainLoss, p.TestLoss)), result.Curve.Select(p => (p.TrainLoss, p.TestLoss)));
    }

    [Fact]
    public void A_checkpoint_of_another_spec_is_refused()
    {
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 10);
        var listener = new RecordingListener();
        new TorchRunTrainer().Train(spec, TestData.Environment(), null, listener, CancellationToken.None);
        var error = Assert.Throws<ArgumentException>(() => new TorchRunTrainer().Train(spec with { Seed = 8 }, TestData.Environment(),
            listener.Checkpoints[^1].Path, null, CancellationToken.None));
        Assert.Contains("different run spec", error.Message);
    }

    [Fact]
    public void Tiny_model_test_loss_falls_on_the_bundled_corpus()
    {
        RunSpec spec = TestData.TinySpec(CorpusResolver.Bundled, iterations: 80, dModel: 48, context: 32, batch: 8) with { Evaluations = 4 };
        TrainingResult result = new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None);
        // Uniform guessing over 256 bytes is ln 256 ≈ 5.55 nats; a learning model must leave it well behind.
        Assert.True(result.FinalTestLoss < result.Curve[0].TestLoss - 1.0, $"test loss went {result.Curve[0].TestLoss:F3} → {result.FinalTestLoss:F3}");
        Assert.True(result.FinalTestLoss < 3.6, $"final test loss {result.FinalTestLoss:F3}");
    }

    [Fact]
    public void Exploding_loss_fails_the_run_with_the_iteration()
    {
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 40) with { LearningRate = 1e4, WarmupIterations = 0, GradientClip = 0 };
        var error = Assert.Throws<TrainingDivergedException>(() =>
            new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None));
        Assert.StartsWith($"diverged at iteration {error.Iteration}", error.Message);
    }
}
