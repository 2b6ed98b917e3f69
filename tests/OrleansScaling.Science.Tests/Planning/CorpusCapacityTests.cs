using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Tests.Planning;

/// <summary>The launch's corpus-size rule: the engine's own arithmetic of windows, applied to a whole plan.</summary>
public sealed class CorpusCapacityTests
{
    // Brown's byte training split as the issue found it: 91,543 windows of 64 tokens (5,858,752 usable tokens).
    private const long Brown = 5_858_752 + 1;

    private static SweepPlan Paper(int iterations) => SweepPlanner.Plan(new SweepRequest("brown", SweepKind.PaperComparison,
        DModels: [64], Iterations: iterations, BatchSize: 8, Context: 64, Corpus: "brown"));

    [Fact]
    public void The_window_arithmetic_is_the_engines()
    {
        Assert.Equal(91_543, CorpusCapacity.Windows(Brown, 64));
        Assert.Equal(0, CorpusCapacity.Windows(0, 64));
        Assert.Equal(3, CorpusCapacity.RequiredWindows(10, 4));
        Assert.Equal(11_442, CorpusCapacity.MostIterations(Paper(20_000).Runs.First(r => r.Spec.Epochs == 1).Spec, Brown));
    }

    [Fact]
    public void A_sweep_whose_one_epoch_runs_outgrow_the_corpus_is_refused_naming_iterations_and_the_largest_count_that_fits()
    {
        var error = Assert.Throws<ArgumentException>(() => CorpusCapacity.Check(Paper(20_000), "brown", Brown));

        Assert.Equal("iterations", error.ParamName);
        Assert.Contains("corpus \"brown\" is too small for this sweep: run d64-L4-S-seed1 (S) needs", error.Message);
        Assert.Contains("needs 10,240,000 unique training tokens (batch 8 × context 64 × 20,000 iterations / 1 epoch(s))", error.Message);
        Assert.Contains("holds 5,858,752 (byte tokenizer)", error.Message);
        Assert.Contains("Set iterations to at most 11,442", error.Message);
    }

    [Fact]
    public void The_largest_count_named_fits_and_one_more_does_not()
    {
        CorpusCapacity.Check(Paper(11_442), "brown", Brown);
        Assert.Throws<ArgumentException>(() => CorpusCapacity.Check(Paper(11_443), "brown", Brown));
    }

    [Fact]
    public void When_the_planner_chose_the_iterations_the_fix_mentions_the_budget()
    {
        var plan = SweepPlanner.Plan(new SweepRequest("r", SweepKind.Recipe, P0: 1e6, T0: 5e7, BatchSize: 8, Context: 64));

        var error = Assert.Throws<ArgumentException>(() => CorpusCapacity.Check(plan, "tiny", 100_000));

        Assert.Equal("iterations", error.ParamName);
        Assert.Contains("The planner chose", error.Message);
        Assert.Contains("lower the budget", error.Message);
    }
}
