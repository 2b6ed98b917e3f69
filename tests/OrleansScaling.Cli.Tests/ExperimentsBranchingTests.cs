using System.Globalization;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Tests;

/// <summary>Issue 19: `osc experiments show` says what branching saved, the dashboard's line.</summary>
public sealed class ExperimentsBranchingTests
{
    private readonly FakeScalingClient _cluster = new();
    private readonly FakeConnector _connector;

    public ExperimentsBranchingTests() => _connector = new FakeConnector(_cluster);

    [Fact]
    public async Task Show_prints_the_flops_and_wall_time_branching_used_of_independent_runs()
    {
        // A trunk trained to 300; a branch forked at 160, trained to 200; a branch forked at 80, still queued.
        var trunk = Sample.Run("exp-b", "trunk", RunStatus.Succeeded, 300);
        var b200 = Sample.Run("exp-b", "b200", RunStatus.Succeeded, 200);
        var branch = b200 with { Spec = b200.Spec with { Iterations = 200 }, ParentRunId = trunk.RunId, ForkIteration = 160 };
        var waiting = Sample.Run("exp-b", "b100", RunStatus.Queued) with { ParentRunId = trunk.RunId, ForkIteration = 80 };
        var trunkCurve = Sample.Curve([.. Enumerable.Range(1, 15).Select(i => 20L * i)]); // wall 0.1 s per iteration
        var branchCurve = Sample.Curve([.. trunkCurve.Select(p => p.Iteration).Where(i => i <= 160), 180, 200]);
        _cluster.Add(Sample.Experiment("exp-b", "branching", ExperimentStatus.Running, trunk, branch, waiting),
            (trunk.RunId, trunkCurve), (branch.RunId, branchCurve));

        var result = await Osc.Run(_connector, "experiments", "show", "exp-b");

        var f = trunk.Spec.TokensPerIteration * trunk.Spec.Shape.FlopsPerToken;
        string Flops(double x) => x.ToString("0.00e0", CultureInfo.InvariantCulture);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        // Used: 300 + (200 − 160) + 0 iterations; independent: 300 + 200 + 0. Wall: 30 s + (20 − 16) s of 30 s + 20 s.
        Assert.Contains($"branching: {Flops(340 * f)} FLOPs used of {Flops(500 * f)} FLOPs independent, 32 % saved " +
                        "(2 branches among 3 runs, iterations trained so far); wall time 34 s used of 50 s independent (2 runs)\n", result.Output);
    }

    [Fact]
    public async Task Show_without_branches_prints_no_branching_line()
    {
        _cluster.Add(Sample.Experiment("exp-a", "tiny", ExperimentStatus.Running, Sample.Run("exp-a", "k1", RunStatus.Running, 10)));

        var result = await Osc.Run(_connector, "experiments", "show", "exp-a");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.DoesNotContain("branching:", result.Output);
    }
}
