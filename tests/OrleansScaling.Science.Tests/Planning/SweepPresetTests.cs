using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Tests.Planning;

public class SweepPresetTests
{
    public static TheoryData<string> Names() => new(SweepPresets.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_preset_plans_into_runs_with_distinct_keys(string name)
    {
        var plan = SweepPlanner.Plan(SweepPresets.Find(name)!.Request);
        Assert.NotEmpty(plan.Runs);
        Assert.Equal(plan.Runs.Count, plan.Runs.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public void The_gpu_preset_has_the_paper_sizes_and_tokens_per_iteration()
    {
        var plan = SweepPlanner.Plan(SweepPresets.PaperGpuLm1b.Request);
        var sizes = plan.Runs.Select(r => r.Parameters).Distinct().Order().ToList();
        Assert.Equal([17_670_400L, 44_777_984L, 127_304_704L], sizes); // the paper's 18M, 45M, 128M
        Assert.All(plan.Runs, r => Assert.Equal(6912, r.Spec.TokensPerIteration));
        // 3 sizes × (S, SD, M(E), MD(E) for E = 5 and 10).
        Assert.Equal(3 * 6, plan.Runs.Count);
    }

    [Fact]
    public void The_small_isoflop_preset_plans_widths_64_128_192()
    {
        var plan = SweepPlanner.Plan(SweepPresets.IsoFlopSmall.Request);
        Assert.Equal([64, 128, 192], plan.Runs.Select(r => r.Spec.Shape.DModel));
    }
}
