using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Tests.Runs;

public class BranchComputeTests
{
    private static readonly RunSpec Spec = new(new ModelShape(64, 2, 1, 128, 256), 16, 1000, Schedule: LearningRateSchedule.Wsd);
    private static double PerIteration => Spec.TokensPerIteration * Spec.Shape.FlopsPerToken;

    /// <summary>An evaluation every 100 iterations from <paramref name="from"/>, wall time = iteration / 10 s unless given.</summary>
    private static List<CurvePoint> Curve(long from, long to, Func<long, double>? wall = null) =>
        Enumerable.Range(0, (int)((to - from) / 100) + 1).Select(i => from + 100L * i)
            .Select(i => new CurvePoint(i, i * Spec.TokensPerIteration, i * PerIteration, 3, 3, 1e-3, wall?.Invoke(i) ?? i / 10.0, 1000)).ToList();

    [Fact]
    public void A_trunk_counts_all_its_iterations_and_a_branch_only_those_after_its_fork()
    {
        // Trunk to 1000 iterations; branches forked at 400 (trained to 500) and at 640 (trained to 800).
        var result = BranchCompute.Count([
            new BranchComputeRun(Spec, null, 1000),
            new BranchComputeRun(Spec with { Iterations = 500 }, 400, 500),
            new BranchComputeRun(Spec with { Iterations = 800 }, 640, 800),
        ]);

        Assert.Equal((1000 + 100 + 160) * PerIteration, result.FlopsUsed, 6);
        Assert.Equal((1000 + 500 + 800) * PerIteration, result.FlopsIndependent, 6);
        Assert.Equal((1000 + 100 + 160) * Spec.TokensPerIteration, result.TokensUsed);
        Assert.Equal((1000 + 500 + 800) * Spec.TokensPerIteration, result.TokensIndependent);
        Assert.Equal(1 - 1260.0 / 2300, result.SavedFraction, 12);
        Assert.Equal((3, 2), (result.Runs, result.Branches));
    }

    [Fact]
    public void Ordinary_runs_save_nothing_and_a_branch_not_yet_past_its_fork_has_spent_nothing()
    {
        var ordinary = BranchCompute.Count([new BranchComputeRun(Spec, null, 300), new BranchComputeRun(Spec, null, 700)]);
        Assert.Equal(ordinary.FlopsIndependent, ordinary.FlopsUsed);
        Assert.Equal(0, ordinary.SavedFraction);
        Assert.Equal(0, ordinary.Branches);

        var waiting = BranchCompute.Count([new BranchComputeRun(Spec, 400, 0), new BranchComputeRun(Spec, 400, 400)]);
        Assert.Equal(0, waiting.FlopsUsed);
        Assert.Equal(400 * PerIteration, waiting.FlopsIndependent, 6);
        Assert.Equal(0, BranchCompute.Count([]).SavedFraction);
    }

    [Fact]
    public void At_their_horizons_the_count_equals_the_plans_flops_with_and_without_branching()
    {
        const long c = 16 * 128;
        var plan = SweepPlanner.Plan(new SweepRequest("g", SweepKind.Grid, DModels: [64, 128], Layers: 2,
            TokenBudgets: [c * 1000, c * 2000, c * 4000], Schedule: LearningRateSchedule.Wsd, Branching: true));

        var result = BranchCompute.Count(plan.Runs.Select(r => new BranchComputeRun(r.Spec, r.ForkIteration, r.Spec.Iterations)));

        Assert.Equal(4, result.Branches);
        Assert.Equal(plan.Flops, result.FlopsUsed, plan.Flops * 1e-12);
        Assert.Equal(plan.FlopsWithoutBranching, result.FlopsIndependent, plan.FlopsWithoutBranching * 1e-12);
        Assert.Equal(1 - plan.BranchingRatio, result.SavedFraction, 12);
    }

    [Fact]
    public void A_branch_spends_the_wall_time_after_the_point_at_its_fork_and_would_have_spent_all_of_it_alone()
    {
        // The branch's curve holds the trunk's points to 400 (wall 40 s there), then its own at 500 and 600 (wall 70 s).
        var branchCurve = Curve(100, 400).Concat([Curve(500, 500, _ => 55)[0], Curve(600, 600, _ => 70)[0]]).ToList();
        var result = BranchCompute.Count([
            new BranchComputeRun(Spec, null, 1000, Curve(100, 1000)),
            new BranchComputeRun(Spec with { Iterations = 600 }, 400, 600, branchCurve),
        ]);

        Assert.Equal(100 + (70 - 40), result.WallSecondsUsed, 9);
        Assert.Equal(100 + 70, result.WallSecondsIndependent, 9);
        Assert.Equal(2, result.WallRuns);
        Assert.Equal(1 - 130.0 / 170, result.WallSavedFraction, 12);
    }

    [Fact]
    public void Non_finite_wall_times_and_missing_curves_are_left_out_without_breaking_the_flops()
    {
        var result = BranchCompute.Count([
            new BranchComputeRun(Spec, null, 1000, Curve(100, 1000, _ => double.NaN)),
            new BranchComputeRun(Spec, 400, 600, Curve(500, 600)), // no point at or before its fork
            new BranchComputeRun(Spec, 400, 600),
            new BranchComputeRun(Spec, null, 200, Curve(100, 200, i => i == 200 ? double.PositiveInfinity : 10)),
        ]);

        Assert.Equal(1, result.WallRuns);
        Assert.Equal(10, result.WallSecondsUsed);
        Assert.True(double.IsFinite(result.SavedFraction));
        Assert.Equal((1000 + 200 + 200 + 200) * PerIteration, result.FlopsUsed, 6);
    }

    [Fact]
    public void The_line_names_flops_used_and_independent_the_saving_and_the_wall_time_with_its_units()
    {
        var result = new BranchComputeResult(FlopsUsed: 7.3e15, FlopsIndependent: 1.2e16, TokensUsed: 1, TokensIndependent: 2,
            WallSecondsUsed: 246, WallSecondsIndependent: 408, WallRuns: 3, Runs: 3, Branches: 2);

        Assert.Equal("branching: 7.30e15 FLOPs used of 1.20e16 FLOPs independent, 39 % saved (2 branches among 3 runs, iterations trained so far); " +
                     "wall time 4.1 min used of 6.8 min independent (3 runs)", result.Line());
        var noWall = result with { WallRuns = 0, FlopsUsed = double.NaN, FlopsIndependent = double.PositiveInfinity };
        Assert.Equal("branching: - used of - independent, 0 % saved (2 branches among 3 runs, iterations trained so far)", noWall.Line());
    }
}
