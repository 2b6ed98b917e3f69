using Bunit;
using OrleansScaling.Dashboard.Components.Pages;
using OrleansScaling.Science.Runs;
using OrleansScaling.Dashboard.Tests.Fakes;

namespace OrleansScaling.Dashboard.Tests.Components;

/// <summary>A failed-over grain has lost its subscribers: the open page still gets the points, from its periodic catch-up.</summary>
public sealed class FailoverCatchUpTests() : DashboardContext(catchUpSeconds: 0.2)
{
    [Fact]
    public async Task Points_recorded_while_no_subscription_exists_still_reach_the_experiment_page()
    {
        var id = await Cluster.LaunchSweep(TestSweeps.Paper);
        var runId = (await Cluster.GetExperiment(id))!.Runs[0].RunId;
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, id));

        Cluster.DropSubscribers();
        await Cluster.Report(runId, FakeViews.Curve(10, 150));

        page.WaitForAssertion(() => Assert.Equal("15", page.Find(".curves-chart").GetAttribute("data-points")), UiDeadline);
        Assert.Contains("150 it", page.FindAll("table.runs tbody tr")[0].TextContent);
    }

    [Fact]
    public async Task Points_recorded_while_no_subscription_exists_still_reach_the_run_page()
    {
        var id = await Cluster.LaunchSweep(TestSweeps.Paper);
        var runId = (await Cluster.GetExperiment(id))!.Runs[0].RunId;
        var page = Render<Run>(p => p.Add(r => r.RunId, runId));

        Cluster.DropSubscribers();
        await Cluster.Report(runId, FakeViews.Curve(10, 70));

        page.WaitForAssertion(() => Assert.Equal("7", page.Find(".curves-chart").GetAttribute("data-points")), UiDeadline);
    }
}
