using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Tests.Planning;

/// <summary>Schedules on sweeps, multi-budget IsoFLOP profiles, grids, and WSD branching (trunks and cooldown branches).</summary>
public class BranchingPlanTests
{
    private const long C = 16 * 128;

    private static SweepRequest Grid(IReadOnlyList<double> tokens, bool branching = true, LearningRateSchedule schedule = LearningRateSchedule.Wsd,
        IReadOnlyList<int>? dModels = null) =>
        new("g", SweepKind.Grid, DModels: dModels ?? [64], Layers: 2, TokenBudgets: tokens, Schedule: schedule, Branching: branching);

    [Fact]
    public void A_grid_plans_one_run_per_size_and_token_budget_with_the_schedule_in_spec_and_key()
    {
        var plan = SweepPlanner.Plan(Grid([C * 100, C * 200], branching: false, dModels: [64, 128]));

        Assert.Equal(["d64-L2-S-wsd-I100-seed1", "d64-L2-S-wsd-I200-seed1", "d128-L2-S-wsd-I100-seed1", "d128-L2-S-wsd-I200-seed1"],
            plan.Runs.Select(r => r.Key));
        Assert.All(plan.Runs, r => Assert.Equal((LearningRateSchedule.Wsd, 0.2, CooldownShape.Sqrt, 1, 0.0),
            (r.Spec.Schedule, r.Spec.CooldownFraction, r.Spec.CooldownShape, r.Spec.Epochs, r.Spec.Dropout)));
        Assert.Equal(C * 200, plan.Runs[1].Spec.TotalTokens);
        Assert.All(plan.Runs, r => Assert.Null(r.ParentKey));
        Assert.Equal(plan.FlopsWithoutBranching, plan.Flops);
    }

    [Fact]
    public void With_branching_each_size_has_one_trunk_to_its_largest_budget_and_branches_fork_at_their_cooldown_start()
    {
        var plan = SweepPlanner.Plan(Grid([C * 1000, C * 2000, C * 3333], dModels: [64, 128]) with { CooldownFraction = 0.25 });

        var trunk = plan.Runs.Single(r => r.Key == "d64-L2-S-wsd-I3333-seed1");
        Assert.Null(trunk.ParentKey);
        Assert.Null(trunk.ForkIteration);
        var branch = plan.Runs.Single(r => r.Key == "d64-L2-S-wsd-I2000-seed1");
        Assert.Equal((trunk.Key, 1500L), (branch.ParentKey, branch.ForkIteration));
        Assert.Equal(750L, plan.Runs.Single(r => r.Key == "d64-L2-S-wsd-I1000-seed1").ForkIteration);
        Assert.Equal("d128-L2-S-wsd-I3333-seed1", plan.Runs.Single(r => r.Key == "d128-L2-S-wsd-I1000-seed1").ParentKey);
        Assert.Equal((2, 4), (plan.Trunks, plan.Branches));
        // A branch trains only its cooldown.
        Assert.Equal(branch.FlopsPerToken * C * 500, branch.PlannedFlops, 6);
        Assert.Equal(plan.Runs.Sum(r => r.PlannedFlops), plan.Flops);
        Assert.Equal(plan.Runs.Sum(r => r.TotalFlops), plan.FlopsWithoutBranching);
    }

    [Fact]
    public void Round_of_1_minus_f_times_I_is_where_a_branch_forks()
    {
        var plan = SweepPlanner.Plan(Grid([C * 7, C * 333, C * 1001]) with { CooldownFraction = 0.3 });
        Assert.Equal([5L, 233L, null], plan.Runs.Select(r => r.ForkIteration));   // 4.9 → 5, 233.1 → 233
    }

    [Fact]
    public void For_a_doubling_series_of_six_budgets_branching_costs_about_61_percent_of_independent_runs()
    {
        var plan = SweepPlanner.Plan(Grid(Enumerable.Range(0, 6).Select(k => (double)C * 1000 * (1 << k)).ToList()));
        // (32 + 0.2·(1 + 2 + 4 + 8 + 16)) / 63 = 38.2 / 63
        Assert.Equal(38.2 / 63, plan.BranchingRatio, 6);
        Assert.Equal(0.61, Math.Round(plan.BranchingRatio, 2));
    }

    [Fact]
    public void For_ten_evenly_spaced_budgets_branching_costs_about_35_percent_of_independent_runs()
    {
        var plan = SweepPlanner.Plan(Grid(Enumerable.Range(1, 10).Select(k => (double)C * 1000 * k).ToList()));
        // (10 + 0.2·45) / 55 = 19 / 55
        Assert.Equal(19.0 / 55, plan.BranchingRatio, 6);
        Assert.Equal(0.35, Math.Round(plan.BranchingRatio, 2));
        Assert.Equal((1, 9), (plan.Trunks, plan.Branches));
    }

    [Fact]
    public void An_isoflop_sweep_with_several_budgets_plans_one_profile_per_budget()
    {
        var single = SweepPlanner.Plan(new SweepRequest("i", SweepKind.IsoFlop, FlopsBudget: 6e13, Layers: 2));
        var several = SweepPlanner.Plan(new SweepRequest("i", SweepKind.IsoFlop, FlopsBudgets: [6e13, 2.4e14], Layers: 2));

        var first = several.Runs.Take(single.Runs.Count).ToList();
        Assert.Equal(single.Runs.Select(r => (r.Spec.Shape, r.Spec.Iterations)), first.Select(r => (r.Spec.Shape, r.Spec.Iterations)));
        Assert.All(several.Runs, r => Assert.Matches(@"^d\d+-L2-S-I\d+-seed1$", r.Key));
        Assert.True(several.Runs.Count > single.Runs.Count);
        Assert.Equal(several.Runs.Select(r => r.Key).Distinct().Count(), several.Runs.Count);
        Assert.Equal(2, several.Notes.Count(n => n.StartsWith("IsoFLOP profile")));
        // A single-budget sweep keeps its old keys.
        Assert.All(single.Runs, r => Assert.Matches(@"^d\d+-L2-S-seed1$", r.Key));
    }

    [Fact]
    public void A_branching_isoflop_sweep_branches_the_shapes_it_trains_at_several_budgets()
    {
        var plan = SweepPlanner.Plan(new SweepRequest("i", SweepKind.IsoFlop, FlopsBudgets: [6e13, 1.2e14, 2.4e14], Layers: 2,
            Schedule: LearningRateSchedule.Wsd, Branching: true));

        Assert.True(plan.Branches > 0);
        foreach (var branch in plan.Runs.Where(r => r.ParentKey is not null))
        {
            var trunk = plan.Runs.Single(r => r.Key == branch.ParentKey);
            Assert.Equal(trunk.Spec.Shape, branch.Spec.Shape);
            Assert.True(branch.Spec.Iterations < trunk.Spec.Iterations);
            Assert.Equal(plan.Runs.Where(r => r.Spec.Shape == trunk.Spec.Shape).Max(r => r.Spec.Iterations), trunk.Spec.Iterations);
            Assert.Equal((long)Math.Round(0.8 * branch.Spec.Iterations, MidpointRounding.AwayFromZero), branch.ForkIteration);
        }
        Assert.True(plan.Flops < plan.FlopsWithoutBranching);
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "cooldown fraction 0", """{"name": "b", "kind": "recipe", "p0": 1e6, "t0": 5e6, "schedule": "wsd", "cooldownFraction": 0}""", "cooldownFraction" },
        { "cooldown fraction 1", """{"name": "b", "kind": "recipe", "p0": 1e6, "t0": 5e6, "schedule": "wsd", "cooldownFraction": 1}""", "cooldownFraction" },
        { "cooldown fraction -0.2", """{"name": "b", "kind": "recipe", "p0": 1e6, "t0": 5e6, "schedule": "wsd", "cooldownFraction": -0.2}""", "cooldownFraction" },
        { "cooldown fraction 1.5", """{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [1e6], "schedule": "wsd", "cooldownFraction": 1.5}""", "cooldownFraction" },
        { "branching with constant", """{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [1e6, 2e6], "branching": true}""", "branching" },
        { "branching with cosine", """{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [1e6, 2e6], "schedule": "cosine", "branching": true}""", "branching" },
        { "branching a recipe", """{"name": "b", "kind": "recipe", "p0": 1e6, "t0": 5e6, "schedule": "wsd", "branching": true}""", "branching" },
        { "empty flopsBudgets", """{"name": "b", "kind": "isoFlop", "flopsBudgets": []}""", "flopsBudgets" },
        { "unsorted flopsBudgets", """{"name": "b", "kind": "isoFlop", "flopsBudgets": [2e14, 6e13]}""", "flopsBudgets" },
        { "repeated flopsBudgets", """{"name": "b", "kind": "isoFlop", "flopsBudgets": [6e13, 6e13]}""", "flopsBudgets" },
        { "flopsBudgets with flopsBudget", """{"name": "b", "kind": "isoFlop", "flopsBudget": 6e13, "flopsBudgets": [6e13, 1e14]}""", "flopsBudgets" },
        { "flopsBudgets on a recipe", """{"name": "b", "kind": "recipe", "p0": 1e6, "t0": 5e6, "flopsBudgets": [6e13]}""", "flopsBudgets" },
        { "empty tokenBudgets", """{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": []}""", "tokenBudgets" },
        { "unsorted tokenBudgets", """{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [4e6, 1e6, 2e6]}""", "tokenBudgets" },
        { "negative tokenBudgets", """{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [-1e6, 1e6]}""", "tokenBudgets" },
        { "grid without tokenBudgets", """{"name": "b", "kind": "grid", "dModels": [64]}""", "tokenBudgets" },
        { "grid without dModels", """{"name": "b", "kind": "grid", "tokenBudgets": [1e6]}""", "dModels" },
        { "grid with p0", """{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [1e6], "p0": 1e6, "t0": 5e6}""", "p0" },
        { "budgets rounding to the same iterations", """{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [1e6, 1.0001e6]}""", "tokenBudgets" },
        { "unknown cooldown shape", """{"name": "b", "kind": "recipe", "p0": 1e6, "t0": 5e6, "cooldownShape": "cubic"}""", "cooldownShape" },
        { "unknown schedule", """{"name": "b", "kind": "recipe", "p0": 1e6, "t0": 5e6, "schedule": "step"}""", "schedule" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void A_bad_schedule_or_budget_list_is_refused_naming_its_field(string why, string json, string field)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => SweepPlanner.Plan(SweepRequestJson.Read(json)));
        Assert.True(field == SweepRequestValidation.FieldName(e.ParamName), $"{why}: named {e.ParamName}: {e.Message}");
    }

    [Fact]
    public void A_branch_budget_larger_than_its_trunks_is_refused_naming_the_budget_list()
    {
        var request = Grid([C * 100, C * 200]);
        var plan = SweepPlanner.Plan(request);
        var trunk = plan.Runs.Single(r => r.ParentKey is null);
        var branch = plan.Runs.Single(r => r.ParentKey is not null);
        // A branch whose horizon exceeds its trunk's (as a hand-made plan, or a future explicit branch list, could give).
        var longer = branch with { Spec = branch.Spec with { Iterations = 300 }, ForkIteration = 240 };

        var e = Assert.ThrowsAny<ArgumentException>(() => SweepPlanner.CheckBranches(request, [trunk, longer]));
        Assert.Equal("tokenBudgets", e.ParamName);
        Assert.Contains("more than its trunk", e.Message);
        var isoFlop = Assert.ThrowsAny<ArgumentException>(() => SweepPlanner.CheckBranches(request with { Kind = SweepKind.IsoFlop }, [trunk, longer]));
        Assert.Equal("flopsBudgets", isoFlop.ParamName);
    }

    [Fact]
    public void The_new_fields_round_trip_through_the_one_reader()
    {
        var request = new SweepRequest("w", SweepKind.IsoFlop, FlopsBudgets: [6e13, 1.2e14], Schedule: LearningRateSchedule.Wsd,
            CooldownFraction: 0.3, CooldownShape: CooldownShape.Linear, Branching: true);
        var json = SweepRequestJson.Write(request);
        Assert.Contains("\"schedule\":\"wsd\"", json);
        Assert.Contains("\"cooldownShape\":\"linear\"", json);
        var back = SweepRequestJson.Read(json);
        Assert.Equal(request with { FlopsBudgets = null }, back with { FlopsBudgets = null });
        Assert.Equal(request.FlopsBudgets, back.FlopsBudgets);
    }
}
