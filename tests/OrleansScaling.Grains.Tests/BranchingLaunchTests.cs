using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

/// <summary>A branching WSD sweep plans on the cluster (trunks and branches cross the wire) but is not launched yet.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BranchingLaunchTests(ClusterFixture fixture)
{
    private static SweepRequest Branching() => new($"branching-{Guid.NewGuid():N}", SweepKind.Grid, DModels: [64], Layers: 1,
        TokenBudgets: [4 * 32 * 50, 4 * 32 * 100], BatchSize: 4, Context: 32, Schedule: LearningRateSchedule.Wsd, Branching: true);

    [Fact]
    public async Task The_planner_grain_previews_trunks_and_branches()
    {
        var plan = await fixture.Client.PreviewPlan(Branching());

        var branch = Assert.Single(plan.Runs, r => r.ParentKey is not null);
        Assert.Equal(("d64-L1-S-wsd-I100-seed1", 40L), (branch.ParentKey, branch.ForkIteration));
        Assert.Equal(LearningRateSchedule.Wsd, branch.Spec.Schedule);
        Assert.True(plan.Flops < plan.FlopsWithoutBranching);
    }

    [Fact]
    public async Task Launching_a_branching_sweep_is_refused_naming_branching_and_nothing_is_stored()
    {
        var before = await fixture.Client.ListExperiments();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.Client.LaunchSweep(Branching()));

        Assert.Equal("branching", error.ParamName);
        Assert.Contains("planned but not yet runnable", error.Message);
        Assert.Equal(before.Count, (await fixture.Client.ListExperiments()).Count);
    }
}
