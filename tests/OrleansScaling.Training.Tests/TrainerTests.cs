using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Corpora;
using TorchSharp;

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
    public async Task S_SD_M_and_MD_trained_side_by_side_each_equal_their_run_alone_bit_for_bit()
    {
        // A silo trains several runs at once in one process: each run's curve must be a function of its spec alone.
        // Different seeds and regimes, so a shared generator (libtorch's global one) would shift every one of them.
        RunSpec[] specs =
        [
            TestData.TinySpec(SmallCorpus, iterations: 16),
            TestData.TinySpec(SmallCorpus, iterations: 16, dropout: 0.1) with { Seed = 11 },
            TestData.TinySpec(SmallCorpus, iterations: 16, epochs: 4) with { Seed = 12 },
            TestData.TinySpec(SmallCorpus, iterations: 16, epochs: 4, dropout: 0.1) with { Seed = 13 },
        ];
        // The last run uses two intra-op threads: libtorch applies the count per calling thread, so it must not change
        // its neighbours' numerics (one thread each) or be changed by them.
        TrainingEnvironment Environment(int i) => TestData.Environment() with { Threads = i == specs.Length - 1 ? 2 : 1 };
        TrainingResult[] alone = specs.Select((spec, i) =>
            new TorchRunTrainer().Train(spec, Environment(i), null, null, CancellationToken.None)).ToArray();

        // Together, with a neighbour that keeps drawing from (and reseeding) libtorch's global generator meanwhile.
        using var stop = new CancellationTokenSource();
        Task neighbour = Task.Run(() => DrawFromTheGlobalGenerator(stop.Token));
        TrainingResult[] together = await Task.WhenAll(specs.Select((spec, i) => Task.Run(() =>
            new TorchRunTrainer().Train(spec, Environment(i), null, null, CancellationToken.None))));
        stop.Cancel();
        await neighbour;

        for (int i = 0; i < specs.Length; i++)
            Assert.Equal(Losses(alone[i]), Losses(together[i]));
    }

    [Fact]
    public void A_run_resumed_from_each_of_its_checkpoints_equals_the_uninterrupted_run()
    {
        // Dropout on, so the run's generator state in the checkpoint matters too.
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 30, dropout: 0.1) with { CheckpointEvery = 10 };
        var listener = new KeepingListener(TestData.NewTemporaryDirectory());
        TrainingResult uninterrupted = new TorchRunTrainer().Train(spec, TestData.Environment(), null, listener, CancellationToken.None);
        Assert.Equal([10L, 20L, 30L], listener.Kept.Select(k => k.Iteration));

        foreach (var (iteration, path) in listener.Kept.Where(k => k.Iteration < spec.Iterations))
        {
            TrainingResult resumed = new TorchRunTrainer().Train(spec, TestData.Environment(), path, null, CancellationToken.None);
            Assert.True(Losses(uninterrupted).SequenceEqual(Losses(resumed)), $"resume from iteration {iteration} changed the curve");
        }
    }

    [Fact]
    public void Dropout_masks_come_from_the_run_seed_not_the_process()
    {
        // Same spec, same curve, whatever libtorch's global generator holds; another seed, another curve.
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 8, dropout: 0.1) with { Evaluations = 2 };
        torch.manual_seed(1);
        TrainingResult first = new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None);
        torch.manual_seed(2);
        TrainingResult second = new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None);
        TrainingResult otherSeed = new TorchRunTrainer().Train(spec with { Seed = 99 }, TestData.Environment(), null, null, CancellationToken.None);
        Assert.Equal(Losses(first), Losses(second));
        Assert.NotEqual(Losses(first), Losses(otherSeed));
    }

    private static (long, double, double)[] Losses(TrainingResult result) =>
        result.Curve.Select(p => (p.Iteration, p.TrainLoss, p.TestLoss)).ToArray();

    private static void DrawFromTheGlobalGenerator(CancellationToken stop)
    {
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            torch.manual_seed(i);
            using var scope = torch.NewDisposeScope();
            torch.rand(64, 64).bernoulli_(0.5);
            torch.nn.functional.dropout(torch.ones(64, 64), 0.5, true);
        }
    }

    /// <summary>Copies every checkpoint as it is written (the engine keeps only the last two).</summary>
    private sealed class KeepingListener(string folder) : ITrainingListener
    {
        public List<(long Iteration, string Path)> Kept { get; } = [];
        public void OnEvaluation(CurvePoint point, TrainingCounters counters) { }
        public void OnProgress(TrainingCounters counters) { }
        public void OnCheckpoint(long iteration, string path)
        {
            string copy = Path.Combine(folder, Path.GetFileName(path));
            File.Copy(path, copy);
            Kept.Add((iteration, copy));
        }
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

    [Fact]
    public void A_diverging_run_lr_1e9_ends_diverged_at_that_iteration_with_its_curve_kept_up_to_there()
    {
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 20) with { LearningRate = 1e9, Evaluations = 20 };
        var listener = new RecordingListener();
        var error = Assert.Throws<TrainingDivergedException>(() =>
            new TorchRunTrainer().Train(spec, TestData.Environment(), null, listener, CancellationToken.None));

        Assert.True(Divergence.IsDiverged(error.Loss, spec.Shape.Vocab), $"loss {error.Loss}");
        Assert.Equal(Divergence.StopReason(error.Iteration, error.Loss), error.Message);
        Assert.EndsWith("; lower the learning rate", error.Message);
        var partial = Assert.IsType<TrainingResult>(error.Partial);
        // Every point reported before the divergence is in the partial result, none at or after it, none non-finite.
        Assert.Equal(listener.Points, partial.Curve);
        Assert.All(partial.Curve, p => Assert.True(p.Iteration < error.Iteration && double.IsFinite(p.TestLoss) && double.IsFinite(p.TrainLoss)));
        Assert.Equal(error.Iteration, partial.Counters.Iteration);
        Assert.Equal(error.Iteration, listener.Progress[^1].Iteration);
    }

    [Fact]
    public void A_run_that_trains_then_diverges_keeps_every_point_before_the_divergence()
    {
        // The warmup ramps the learning rate from 0.1 to 100 over 1000 iterations: the first steps learn, later ones explode.
        RunSpec spec = TestData.TinySpec(SmallCorpus, iterations: 300) with
        {
            LearningRate = 100, WarmupIterations = 1000, GradientClip = 0, Evaluations = 60,
        };
        var listener = new RecordingListener();
        var error = Assert.Throws<TrainingDivergedException>(() =>
            new TorchRunTrainer().Train(spec, TestData.Environment(), null, listener, CancellationToken.None));

        var partial = Assert.IsType<TrainingResult>(error.Partial);
        Assert.True(partial.Curve.Count >= 2, $"{error.Message}: {partial.Curve.Count} points kept");
        Assert.Equal(listener.Points, partial.Curve);
        Assert.All(partial.Curve, p => Assert.True(p.Iteration < error.Iteration && !Divergence.IsDiverged(p.TestLoss, spec.Shape.Vocab)));
        Assert.Equal(partial.Curve[^1].TestLoss, partial.FinalTestLoss);
        Assert.Equal(error.Iteration, partial.Counters.Iteration);
    }

    [Theory]
    [InlineData(double.NaN, true)]
    [InlineData(double.PositiveInfinity, true)]
    [InlineData(double.NegativeInfinity, true)]
    [InlineData(5.6, false)]  // ln 256 ≈ 5.55: where a run starts
    [InlineData(16.6, false)] // just under 3 · ln 256 ≈ 16.64
    [InlineData(16.7, true)]
    public void The_divergence_rule_is_a_non_finite_loss_or_one_above_three_times_ln_V(double loss, bool diverged) =>
        Assert.Equal(diverged, Divergence.IsDiverged(loss, vocab: 256));

    [Fact]
    public void The_stop_reason_names_the_iteration_the_loss_and_the_advice()
    {
        Assert.Equal("diverged at iteration 2 (loss NaN); lower the learning rate", Divergence.StopReason(2, double.NaN));
        Assert.Equal("diverged at iteration 7 (loss ∞); lower the learning rate", Divergence.StopReason(7, double.PositiveInfinity));
        Assert.Equal("diverged at iteration 3 (loss 20.5); lower the learning rate", Divergence.StopReason(3, 20.5));
        Assert.Equal("diverged at iteration 2 (loss NaN)", Divergence.WithoutAdvice(Divergence.StopReason(2, double.NaN)));
    }
}
