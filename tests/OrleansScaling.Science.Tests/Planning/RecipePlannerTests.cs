using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Tests.Planning;

public class RecipePlannerTests
{
    private static readonly long[] TokensPerIteration = [512, 2048, 6900, 16_384];

    /// <summary>Random budgets, ratios and batch sizes, each checked against an independent brute force over every shape.</summary>
    public static TheoryData<int> Seeds() => new(Enumerable.Range(0, 8));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Over_random_budgets_the_plan_keeps_the_budget_and_has_the_closest_feasible_ratio(int seed)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < 25; trial++)
        {
            var budget = Math.Pow(10, 10 + 8 * random.NextDouble());
            var p0 = Math.Pow(10, 5 + 3 * random.NextDouble());
            var ratio = Math.Pow(10, Math.Log10(0.5) + 2 * random.NextDouble());
            var c = TokensPerIteration[random.Next(TokensPerIteration.Length)];
            var request = new RecipeRequest(p0, budget / p0, c, TargetRatio: ratio);

            var plan = RecipePlanner.Plan(request);

            // Continuous optimum: P*·T* = P0·T0 and T*/P* = r, exactly up to rounding of doubles.
            Assert.Equal(1.0, plan.TargetParams * plan.TargetTokens / (p0 * (budget / p0)), 12);
            Assert.Equal(1.0, plan.TargetTokens / plan.TargetParams / ratio, 12);

            var chosen = plan.Chosen;
            var shape = new ModelShape(chosen.DModel, chosen.Layers, chosen.Heads, 128, 256);
            Assert.Equal(shape.Parameters, chosen.Params);
            Assert.Equal(c * chosen.Iterations, chosen.Tokens);
            Assert.Equal(64, chosen.DModel / chosen.Heads);
            Assert.Equal(0, chosen.DModel % 64);
            Assert.Equal(shape.FlopsPerToken * chosen.Tokens, chosen.Flops);
            var budgetError = (double)chosen.Params * chosen.Tokens / plan.Budget - 1;
            Assert.Equal(budgetError, chosen.BudgetError, 12);
            Assert.True(Math.Abs(budgetError) <= request.BudgetTolerance, $"budget error {budgetError} beyond ±{request.BudgetTolerance}");

            var best = BruteForceBestDistance(plan.Budget, c, ratio, request.BudgetTolerance);
            Assert.Equal(best, Math.Abs(Math.Log(ratio) - Math.Log(chosen.Ratio)), 12);
            Assert.All(plan.Candidates, candidate => Assert.True(Math.Abs(candidate.BudgetError) <= request.BudgetTolerance));
            Assert.Equal(plan.Candidates.OrderBy(x => Math.Abs(Math.Log(ratio / x.Ratio))).Select(x => x.Ratio), plan.Candidates.Select(x => x.Ratio));
        }
    }

    /// <summary>Every (d, L) with d = 64k ≤ 4096, 1 ≤ L ≤ 48, 16 ≤ d/L ≤ 256; I the integer nearest to B/(P·c).</summary>
    private static double BruteForceBestDistance(double budget, long c, double ratio, double tolerance)
    {
        var best = double.PositiveInfinity;
        for (var d = 64; d <= 4096; d += 64)
        {
            for (var layers = 1; layers <= 48; layers++)
            {
                if (d / (double)layers < 16 || d / (double)layers > 256) continue;
                double p = 256L * d + 128L * d + layers * (12L * d * d + 13L * d) + 2L * d;
                var iterations = Math.Max(1, Math.Round(budget / (p * c), MidpointRounding.AwayFromZero));
                if (Math.Abs(p * c * iterations / budget - 1) > tolerance) continue;
                best = Math.Min(best, Math.Abs(Math.Log(ratio) - Math.Log(c * iterations / p)));
            }
        }
        return best;
    }

    [Fact]
    public void Wall_time_is_tokens_over_the_measured_throughput()
    {
        var plan = RecipePlanner.Plan(new RecipeRequest(1e6, 5e6, 2048, TokensPerSecond: 6915));
        Assert.Equal(plan.Chosen.Tokens / 6915.0, plan.Chosen.EstimatedWallSeconds);
        Assert.Null(RecipePlanner.Plan(new RecipeRequest(1e6, 5e6, 2048)).Chosen.EstimatedWallSeconds);
    }

    [Theory]
    [InlineData(0, 5e6, 5, "P0", "positive")]
    [InlineData(-1e6, 5e6, 5, "P0", "positive")]
    [InlineData(1e6, double.NaN, 5, "T0", "positive")]
    [InlineData(1e6, 5e6, 0, "TargetRatio", "ratio")]
    [InlineData(1e6, 5e6, -5, "TargetRatio", "ratio")]
    public void Bad_budgets_and_ratios_name_the_field(double p0, double t0, double ratio, string field, string words)
    {
        var e = Assert.Throws<ArgumentException>(() => RecipePlanner.Plan(new RecipeRequest(p0, t0, 2048, TargetRatio: ratio)));
        Assert.Equal(field, e.ParamName);
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void A_budget_too_small_for_any_shape_says_the_smallest_and_largest_possible_P()
    {
        var e = Assert.Throws<NoShapeFitsException>(() => RecipePlanner.Plan(new RecipeRequest(1e3, 1e3, 2048)));
        Assert.Equal("P0", e.ParamName);
        // d64 L1: 256·64 + 128·64 + (12·64² + 13·64) + 2·64 = 74,688; d4096 L48 is the largest (d/L = 85).
        Assert.Contains("smallest possible P is 74,688 (d64 L1", e.Message);
        Assert.Contains($"the largest is {new ModelShape(4096, 48, 64, 128, 256).Parameters:N0} (d4096 L48", e.Message);
    }

    [Fact]
    public void Aspect_bounds_that_exclude_every_shape_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            RecipePlanner.Plan(new RecipeRequest(1e6, 5e6, 2048, Shapes: new ShapeSpace(MaxDModel: 128, MinLayers: 40, MaxLayers: 48))));
        Assert.Equal("MaxAspect", e.ParamName);
        Assert.Contains("no shape is allowed", e.Message);
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(128, 2)]
    [InlineData(96, 2)]
    [InlineData(32, 1)]
    [InlineData(1024, 16)]
    public void Heads_are_the_fewest_of_size_at_most_64(int dModel, int heads) => Assert.Equal(heads, ShapeSpace.HeadsFor(dModel));
}
