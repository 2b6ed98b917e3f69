using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Charts;
using OrleansScaling.Dashboard.Tests.Fakes;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Dashboard.Tests.Charts;

/// <summary>Issue 19: a trunk drawn with its cooldown branches, each branch from its fork on, in the trunk's colour family.</summary>
public sealed class BranchChartTests
{
    private static ChartConfig Build(IEnumerable<RunView> runs, bool logLog = false, CurveAxis axis = CurveAxis.Iterations)
    {
        var curves = BranchingExperiment.Curves();
        return CurveChartBuilder.Build(runs.Select(r => new CurveChartBuilder.RunCurve(r, curves.GetValueOrDefault(r.RunId) ?? curves[BranchingExperiment.Trunk.RunId])), [], axis, logLog);
    }

    private static ChartSeriesJson Line(ChartConfig config, RunView run) =>
        Assert.Single(config.Series, s => s.Kind == ChartKinds.Line && s.Name.StartsWith(run.Key + " ") && !s.Name.Contains("inherited"));

    [Fact]
    public void Each_branch_starts_at_its_fork_point_on_the_trunks_line_in_a_lighter_shade_of_the_trunks_colour()
    {
        var config = Build(BranchingExperiment.Runs);
        var (trunk, shortBranch, mid) = (Line(config, BranchingExperiment.Trunk), Line(config, BranchingExperiment.Short), Line(config, BranchingExperiment.Mid));

        Assert.Equal(10, trunk.Data[0][0]);
        Assert.Equal(new[] { 400.0, 500.0 }, new[] { shortBranch.Data[0][0], shortBranch.Data[^1][0] });
        Assert.Equal(new[] { 640.0, 700.0 }, new[] { mid.Data[0][0], mid.Data[^1][0] });
        // The fork point is the trunk's own point there, so the branch leaves the trunk's line.
        Assert.Equal(trunk.Data.Single(d => d[0] == 400)[1], shortBranch.Data[0][1]);
        Assert.Equal((0, 0, 0), (trunk.Group, shortBranch.Group, mid.Group));
        Assert.Equal(0, trunk.Shade);
        Assert.InRange(shortBranch.Shade, 0.01, CurveChartBuilder.MaxBranchShade);
        Assert.Equal(CurveChartBuilder.MaxBranchShade, mid.Shade);
        Assert.Contains("branch from iteration 640", mid.Name);
        // 100 trunk evaluations, then only the branches' own: 10 and 6 (inherited points are not counted twice).
        Assert.Equal(116, config.RawPointCount);
        Assert.DoesNotContain(config.Series, s => s.Name.Contains("inherited"));
    }

    [Fact]
    public void A_marker_shows_where_each_branch_leaves_its_trunk_on_every_axis()
    {
        var config = Build(BranchingExperiment.Runs, logLog: true, axis: CurveAxis.Flops);

        var forks = Assert.Single(config.Series, s => s.Kind == ChartKinds.Points);
        Assert.Equal($"{BranchingExperiment.Trunk.Key} forks", forks.Name);
        Assert.Equal(0, forks.Group);
        Assert.Equal([Math.Log10(400 * BranchingExperiment.FlopsPerIteration), Math.Log10(640 * BranchingExperiment.FlopsPerIteration)],
            forks.Data.Select(d => d[0]).ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(Math.Log10(640 * BranchingExperiment.FlopsPerIteration), Line(config, BranchingExperiment.Mid).Data[0][0], 12);
    }

    [Fact]
    public void Without_its_trunk_a_branch_shows_its_inherited_points_as_a_lighter_line_named_so()
    {
        var config = Build([BranchingExperiment.Mid]);

        var inherited = Assert.Single(config.Series, s => s.Name.Contains("inherited from its trunk (to iteration 640)"));
        Assert.Equal(new[] { 10.0, 640.0 }, new[] { inherited.Data[0][0], inherited.Data[^1][0] });
        Assert.Equal(CurveChartBuilder.InheritedShade, inherited.Shade);
        var own = Line(config, BranchingExperiment.Mid);
        Assert.Equal(640, own.Data[0][0]);
        Assert.Equal((0, 0.0), (own.Group, own.Shade));
        Assert.Equal($"{BranchingExperiment.Mid.Key} fork", Assert.Single(config.Series, s => s.Kind == ChartKinds.Points).Name);
    }

    [Fact]
    public void Runs_without_branches_keep_one_colour_each_and_no_markers()
    {
        var config = Build([BranchingExperiment.Trunk, BranchingExperiment.Trunk with { RunId = "other", ForkIteration = null }]);
        Assert.Equal([0, 1], config.Series.Select(s => s.Group));
        Assert.All(config.Series, s => Assert.Equal(0, s.Shade));
        Assert.DoesNotContain(config.Series, s => s.Kind == ChartKinds.Points);
    }

    [Fact]
    public void A_non_finite_loss_at_the_fork_or_after_it_never_reaches_the_chart_script()
    {
        var curves = BranchingExperiment.Curves();
        var mid = curves[BranchingExperiment.Mid.RunId];
        mid[mid.FindIndex(p => p.Iteration == 640)] = mid.Single(p => p.Iteration == 640) with { TestLoss = double.NaN };
        mid[^1] = mid[^1] with { TestLoss = double.PositiveInfinity };

        foreach (var logLog in new[] { false, true })
        {
            var config = CurveChartBuilder.Build(BranchingExperiment.Runs.Select(r => new CurveChartBuilder.RunCurve(r, r.RunId == BranchingExperiment.Mid.RunId ? mid : curves[r.RunId])),
                [], CurveAxis.Tokens, logLog).WithFiniteData();
            System.Text.Json.JsonSerializer.Serialize(config); // what Blazor's interop does: throws on NaN or ±∞
            Assert.All(config.Series.SelectMany(s => s.Data).SelectMany(d => d), v => Assert.True(double.IsFinite(v)));
        }
    }
}
