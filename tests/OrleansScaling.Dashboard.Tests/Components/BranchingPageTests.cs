using System.Globalization;
using Bunit;
using OrleansScaling.Dashboard.Charts;
using OrleansScaling.Dashboard.Components.Pages;
using OrleansScaling.Dashboard.Tests.Fakes;

namespace OrleansScaling.Dashboard.Tests.Components;

/// <summary>Issue 19 on the experiment page: branches in the runs table, on the chart, and the compute branching saved.</summary>
public sealed class BranchingPageTests : DashboardContext
{
    private readonly BunitJSModuleInterop _charts;

    public BranchingPageTests() => _charts = JSInterop.SetupModule("./js/charts.js");

    [Fact]
    public void The_page_says_how_much_compute_branching_saved_counting_each_iteration_once()
    {
        BranchingExperiment.AddTo(Cluster);
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, BranchingExperiment.Id));

        // Used: the trunk's 1,000 iterations, then 500 − 400 and 700 − 640; independent: 1,000 + 500 + 700.
        var f = BranchingExperiment.FlopsPerIteration;
        var used = (1160 * f).ToString("0.00e0", CultureInfo.InvariantCulture);
        var independent = (2200 * f).ToString("0.00e0", CultureInfo.InvariantCulture);
        var line = page.Find("#branching-compute").TextContent;
        Assert.StartsWith($"branching: {used} FLOPs used of {independent} FLOPs independent, 47 % saved (2 branches among 3 runs", line);
        // Wall: 100 s, then 50 − 40 and 70 − 64 after the forks; independent 100 + 50 + 70.
        Assert.EndsWith("wall time 116 s used of 3.7 min independent (3 runs)", line);
    }

    [Fact]
    public void The_runs_table_names_each_branchs_trunk_and_fork()
    {
        BranchingExperiment.AddTo(Cluster);
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, BranchingExperiment.Id));

        var cells = page.FindAll("table.runs tbody tr").Select(r => r.QuerySelector("td")!).ToList();
        Assert.Null(cells[0].QuerySelector(".branch-of"));
        Assert.Equal($"branch of {BranchingExperiment.Trunk.Key} @ 400 it", cells[1].QuerySelector(".branch-of")!.TextContent);
        Assert.Equal($"branch of {BranchingExperiment.Trunk.Key} @ 640 it", cells[2].QuerySelector(".branch-of")!.TextContent);
    }

    [Fact]
    public void The_chart_draws_the_branches_from_their_forks()
    {
        BranchingExperiment.AddTo(Cluster);
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, BranchingExperiment.Id));

        page.WaitForAssertion(() => Assert.Contains("render", _charts.Invocations.Identifiers), UiDeadline);
        var config = (ChartConfig)_charts.Invocations["render"][^1].Arguments[1]!;
        var branch = Assert.Single(config.Series, s => s.Name.StartsWith(BranchingExperiment.Short.Key + " "));
        Assert.Equal(Math.Log10(400), branch.Data[0][0], 12); // log-log by default
        Assert.Equal("116", page.Find(".curves-chart").GetAttribute("data-points"));
    }

    [Fact]
    public async Task An_experiment_without_branches_has_no_branching_line()
    {
        var id = await Cluster.LaunchSweep(TestSweeps.Paper);
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, id));
        Assert.Empty(page.FindAll("#branching-compute"));
        Assert.Empty(page.FindAll(".branch-of"));
    }
}
