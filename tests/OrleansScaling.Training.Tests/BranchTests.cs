using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Training.Tests;

/// <summary>
/// Cooldown branches in the engine (issue 19): a WSD trunk checkpoints at a branch's fork; the branch started from that
/// checkpoint trains only its cooldown, and its numbers equal the same WSD run trained alone from iteration 0.
/// </summary>
public class BranchTests
{
    private static readonly string SmallCorpus = TestData.TextFolder(2000);

    // Dropout on, so the trunk's random state at the fork matters too; fork points off the checkpoint grid of 10.
    private static RunSpec Wsd(int iterations) => TestData.TinySpec(SmallCorpus, iterations: iterations, dropout: 0.1) with
    {
        Schedule = LearningRateSchedule.Wsd, CooldownFraction = 0.25, Evaluations = 8,
    };

    [Fact]
    public void A_branch_started_from_its_trunks_fork_checkpoint_equals_the_same_wsd_run_trained_alone()
    {
        RunSpec trunk = Wsd(48), branch = Wsd(28);
        long fork = Branching.ForkIteration(branch);
        Assert.Equal(21, fork);
        var forks = new ForkCopies(TestData.NewTemporaryDirectory(), fork);
        TrainingResult trunkResult = new TorchRunTrainer().Train(trunk, TestData.Environment() with { CheckpointAt = [fork] }, null, forks, CancellationToken.None);
        string forkFile = Assert.Single(forks.Files);

        TrainingResult branched = new TorchRunTrainer().Train(branch, TestData.Environment(), forkFile, null, CancellationToken.None);
        TrainingResult alone = new TorchRunTrainer().Train(branch, TestData.Environment(), null, null, CancellationToken.None);

        // The branch's curve: the trunk's points up to the fork (inherited), then its own, at its own evaluation points.
        Assert.Equal(trunkResult.Curve.Where(p => p.Iteration <= fork), branched.Curve.Where(p => p.Iteration <= fork));
        var own = branched.Curve.Where(p => p.Iteration > fork).ToList();
        Assert.Equal(alone.Curve.Where(p => p.Iteration > fork).Select(p => p.Iteration), own.Select(p => p.Iteration));
        // Bit for bit the run trained alone: every test loss after the fork, and the learning rates of its cooldown.
        Assert.Equal(alone.Curve.Where(p => p.Iteration > fork).Select(p => (p.Iteration, p.TestLoss, p.LearningRate)),
                     own.Select(p => (p.Iteration, p.TestLoss, p.LearningRate)));
        Assert.Equal(alone.FinalTestLoss, branched.FinalTestLoss);
        Assert.Equal(alone.Counters.TokensSeen, branched.Counters.TokensSeen);
        // The trunk's own curve differs after the fork (it does not cool down there): the branch is no copy of it.
        Assert.NotEqual(trunkResult.Curve.First(p => p.Iteration >= 28).TestLoss, branched.FinalTestLoss);
    }

    [Fact]
    public void Writing_checkpoints_at_fork_points_changes_no_number_of_the_trunk()
    {
        RunSpec trunk = Wsd(30);
        TrainingResult plain = new TorchRunTrainer().Train(trunk, TestData.Environment(), null, null, CancellationToken.None);
        var listener = new RecordingListener();
        TrainingResult forked = new TorchRunTrainer().Train(trunk, TestData.Environment() with { CheckpointAt = [7, 13] }, null, listener, CancellationToken.None);
        Assert.Equal(Strip(plain.Curve), Strip(forked.Curve));
        Assert.Contains(listener.Checkpoints, c => c.Iteration == 7);
        Assert.Contains(listener.Checkpoints, c => c.Iteration == 13);
    }

    [Fact]
    public void A_checkpoint_of_another_spec_or_at_another_iteration_is_refused_naming_resumeFrom()
    {
        RunSpec trunk = Wsd(48), branch = Wsd(28);
        var forks = new ForkCopies(TestData.NewTemporaryDirectory(), 20); // one before the branch's fork at 21
        new TorchRunTrainer().Train(trunk, TestData.Environment() with { CheckpointAt = [20] }, null, forks, CancellationToken.None);
        var wrongIteration = Assert.Throws<ArgumentException>(() =>
            new TorchRunTrainer().Train(branch, TestData.Environment(), forks.Files[0], null, CancellationToken.None));
        Assert.Equal("resumeFrom", wrongIteration.ParamName);
        Assert.Contains("forks at 21", wrongIteration.Message);

        // A cosine run shares no learning rates with the trunk: no branch of it.
        var cosine = branch with { Schedule = LearningRateSchedule.Cosine };
        var otherSpec = Assert.Throws<ArgumentException>(() =>
            new TorchRunTrainer().Train(cosine, TestData.Environment(), forks.Files[0], null, CancellationToken.None));
        Assert.Equal("resumeFrom", otherSpec.ParamName);
    }

    private static List<(long, double, double, double)> Strip(IEnumerable<CurvePoint> curve) =>
        curve.Select(p => (p.Iteration, p.TrainLoss, p.TestLoss, p.LearningRate)).ToList();

    /// <summary>Copies the checkpoint written at <paramref name="fork"/> aside (the engine keeps only its last two files).</summary>
    private sealed class ForkCopies(string folder, long fork) : ITrainingListener
    {
        public List<string> Files { get; } = [];

        public void OnCheckpoint(long iteration, string path)
        {
            if (iteration != fork) return;
            var copy = Path.Combine(folder, $"fork-{iteration}.ckpt");
            File.Copy(path, copy, overwrite: true);
            if (!Files.Contains(copy)) Files.Add(copy);
        }

        public void OnEvaluation(CurvePoint point, TrainingCounters counters) { }

        public void OnProgress(TrainingCounters counters) { }
    }
}
