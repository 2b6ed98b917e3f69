using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Tests.Planning;

public class SweepPlannerTests
{
    [Fact]
    public void A_recipe_from_a_flops_budget_is_one_run_per_seed_at_the_recipe_choice()
    {
        var plan = SweepPlanner.Plan(new SweepRequest("r", SweepKind.Recipe, FlopsBudget: 6e13, Seeds: [1, 2]));
        var recipe = RecipePlanner.Plan(new RecipeRequest(1e13, 1, 16 * 128,
            Shapes: new ShapeSpace(MinLayers: 4, MaxLayers: 4)));

        Assert.Equal(["d" + recipe.Chosen.DModel + "-L4-S-seed1", "d" + recipe.Chosen.DModel + "-L4-S-seed2"], plan.Runs.Select(r => r.Key));
        var run = plan.Runs[0];
        Assert.Equal(recipe.Chosen.Iterations, run.Spec.Iterations);
        Assert.Equal(recipe.Chosen.Params, run.Parameters);
        Assert.Equal((1, 0.0), (run.Spec.Epochs, run.Spec.Dropout));
        Assert.Equal(run.FlopsPerToken * run.Spec.TotalTokens, run.TotalFlops);
        Assert.Contains(plan.Notes, n => n.Contains("P* = 1,414,214"));
    }

    [Fact]
    public void Every_planned_run_has_the_sweeps_precision()
    {
        var plan = SweepPlanner.Plan(new SweepRequest("p", SweepKind.PaperComparison, P0: 1e5, T0: 5e5, EpochsList: [2], Precision: Precision.Bf16));
        Assert.NotEmpty(plan.Runs);
        Assert.All(plan.Runs, r => Assert.Equal(Precision.Bf16, r.Spec.Precision));
    }

    [Fact]
    public void Widths_the_user_lists_are_used_as_given_whatever_their_aspect()
    {
        var plan = SweepPlanner.Plan(new SweepRequest("r", SweepKind.Recipe, P0: 1e5, T0: 5e5, DModels: [32, 48], Layers: 4));
        var shape = plan.Runs.Single().Spec.Shape;
        Assert.Contains(shape.DModel, new[] { 32, 48 });
        Assert.Equal(1, shape.Heads);
    }

    [Fact]
    public void The_paper_comparison_plans_S_SD_M_and_MD_per_size_with_the_same_iterations()
    {
        var plan = SweepPlanner.Plan(new SweepRequest("p", SweepKind.PaperComparison, DModels: [128, 256], Iterations: 300));

        Assert.Equal(
        [
            "d128-L4-S-seed1", "d128-L4-SD-seed1", "d128-L4-M(E=10)-seed1", "d128-L4-MD(E=10)-seed1", "d128-L4-M(E=5)-seed1", "d128-L4-MD(E=5)-seed1",
            "d256-L4-S-seed1", "d256-L4-SD-seed1", "d256-L4-M(E=10)-seed1", "d256-L4-MD(E=10)-seed1", "d256-L4-M(E=5)-seed1", "d256-L4-MD(E=5)-seed1",
        ], plan.Runs.Select(r => r.Key));
        Assert.All(plan.Runs, r => Assert.Equal(300, r.Spec.Iterations));
        var md10 = plan.Runs.Single(r => r.Key == "d256-L4-MD(E=10)-seed1").Spec;
        Assert.Equal((10, 0.1, 256, 4, 256), (md10.Epochs, md10.Dropout, md10.Shape.DModel, md10.Shape.Heads, md10.Shape.Vocab));
        Assert.Equal(plan.Runs.Select(r => r.Key).Distinct().Count(), plan.Runs.Count);
    }

    [Fact]
    public void Without_iterations_each_size_keeps_the_budget_or_else_the_target_ratio()
    {
        var withBudget = SweepPlanner.Plan(new SweepRequest("p", SweepKind.PaperComparison, P0: 1e6, T0: 5e6, DModels: [128], EpochsList: [4], Dropout: 0));
        Assert.Equal(["d128-L4-S-seed1", "d128-L4-M(E=4)-seed1"], withBudget.Runs.Select(r => r.Key));
        var s = withBudget.Runs[0];
        Assert.Equal(Math.Round(5e12 / (s.Parameters * 2048.0)), s.Spec.Iterations);

        var atRatio = SweepPlanner.Plan(new SweepRequest("p", SweepKind.PaperComparison, DModels: [128], TargetRatio: 5, Tokenizer: TokenizerKind.Gpt2));
        var run = atRatio.Runs[0];
        Assert.Equal(50257, run.Spec.Shape.Vocab);
        Assert.Equal(Math.Round(5.0 * run.Parameters / 2048), run.Spec.Iterations);
    }

    [Fact]
    public void An_isoflop_profile_spans_ratios_with_distinct_shapes_on_one_budget()
    {
        var plan = SweepPlanner.Plan(new SweepRequest("iso", SweepKind.IsoFlop, P0: 1e7, T0: 5e7, IsoFlopPoints: 5));

        Assert.InRange(plan.Runs.Count, 3, 5);
        Assert.Equal(plan.Runs.Count, plan.Runs.Select(r => r.Spec.Shape.DModel).Distinct().Count());
        Assert.All(plan.Runs, r => Assert.InRange(r.Parameters * (double)r.Spec.TotalTokens / 5e14, 0.98, 1.02));
        Assert.Equal(plan.Runs.OrderBy(r => r.Parameters).Select(r => r.Key), plan.Runs.Select(r => r.Key));
        var ratios = plan.Runs.Select(r => r.Spec.TotalTokens / (double)r.Parameters).ToList();
        Assert.True(ratios.Max() / ratios.Min() > 20, $"ratios {string.Join(", ", ratios)} should span most of 0.5..50");
    }

    public static TheoryData<SweepRequest, string, string> BadRequests() => new()
    {
        { new SweepRequest("r", SweepKind.Recipe), "p0", "needs a budget" },
        { new SweepRequest("r", SweepKind.Recipe, P0: 1e6), "t0", "together" },
        { new SweepRequest("r", SweepKind.Recipe, P0: -1, T0: 5e6), "p0", "positive" },
        { new SweepRequest("r", SweepKind.Recipe, P0: 1e6, T0: 5e6, FlopsBudget: 3e13), "flopsBudget", "not both" },
        { new SweepRequest("r", SweepKind.Recipe, FlopsBudget: 0), "flopsBudget", "positive" },
        { new SweepRequest("r", SweepKind.Recipe, FlopsBudget: 1e6), "flopsBudget", "no shape fits" },
        { new SweepRequest("r", SweepKind.Recipe, FlopsBudget: 6e13, TargetRatio: 0), "targetRatio", "positive" },
        { new SweepRequest("", SweepKind.Recipe, FlopsBudget: 6e13), "name", "name" },
        { new SweepRequest("p", SweepKind.PaperComparison), "dModels", "sizes" },
        { new SweepRequest("p", SweepKind.PaperComparison, DModels: [128], EpochsList: [1]), "epochsList", "at least 2" },
        { new SweepRequest("p", SweepKind.PaperComparison, DModels: [128, 128]), "dModels", "twice" },
        { new SweepRequest("p", SweepKind.PaperComparison, DModels: [128], Seeds: []), "seeds", "empty" },
        { new SweepRequest("p", SweepKind.PaperComparison, DModels: [128], Dropout: 1), "dropout", "[0, 1)" },
        { new SweepRequest("i", SweepKind.IsoFlop, FlopsBudget: 6e13, IsoFlopPoints: 1), "isoFlopPoints", "at least 2" },
        { new SweepRequest("r", SweepKind.Recipe, P0: 1e30, T0: 1e30), "p0", "Lower P0·T0 to at most" },
        { new SweepRequest("r", SweepKind.Recipe, P0: 1e3, T0: 1e3), "p0", "Raise P0·T0 to at least" },
        { new SweepRequest(new string('x', 101), SweepKind.Recipe, FlopsBudget: 6e13), "name", "more than the 100 allowed" },
        { new SweepRequest("r", SweepKind.Recipe, P0: double.PositiveInfinity, T0: 5e6), "p0", "finite" },
        { new SweepRequest("r", SweepKind.Recipe, FlopsBudget: 6e13, LearningRate: double.NaN), "learningRate", "finite" },
        { new SweepRequest("p", SweepKind.PaperComparison, DModels: [64, 128, 192, 256], Seeds: Enumerable.Range(1, 30).ToList()), "dModels", "OrleansScaling:MaxRunsPerSweep" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Bad_requests_name_the_field_and_the_fix(SweepRequest request, string field, string words)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => SweepPlanner.Plan(request));
        Assert.Equal(field, SweepRequestValidation.FieldName(e.ParamName));
        Assert.Contains(words, e.Message);
    }
}
