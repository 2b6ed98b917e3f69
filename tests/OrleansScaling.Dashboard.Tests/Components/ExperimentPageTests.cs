using OrleansScaling.Science.Runs;
using Bunit;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Components.Pages;
using OrleansScaling.Dashboard.Sweeps;
using OrleansScaling.Dashboard.Tests.Fakes;
using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Dashboard.Tests.Components;

public sealed class ExperimentPageTests : DashboardContext
{
    private async Task<(string Id, IReadOnlyList<RunView> Runs)> Launched()
    {
        var id = await Cluster.LaunchSweep(TestSweeps.Paper);
        return (id, (await Cluster.GetExperiment(id))!.Runs);
    }

    [Fact]
    public async Task The_runs_table_shows_every_run_with_shape_params_tokens_regime_and_status()
    {
        var (id, runs) = await Launched();
        await Cluster.Report(runs[0].RunId, FakeViews.Curve(10, 500));
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, id));

        var rows = page.FindAll("table.runs tbody tr");
        Assert.Equal(runs.Count, rows.Count);
        var first = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(runs[0].Key, first[0]);
        Assert.Equal("d64 L2 H1 ctx128 V256", first[1]);
        Assert.EndsWith("params", first[2]);
        Assert.Equal("S", first[4]);
        Assert.Equal("Running", first[5]);
        Assert.Equal("silo-1 / cpu:0", first[7]);
        Assert.Contains("50 %", first[8]);
        Assert.Equal("6,900 tokens/s", first[9]);
        Assert.EndsWith("nats", first[10]);
    }

    [Fact]
    public async Task Points_pushed_after_the_page_opened_reach_the_table_and_the_chart_without_a_reload()
    {
        var (id, runs) = await Launched();
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, id));
        Assert.Equal("0", page.Find(".curves-chart").GetAttribute("data-points"));
        Assert.Equal(1, Cluster.ExperimentSubscriptions);

        await Cluster.Report(runs[1].RunId, FakeViews.Curve(10, 200));
        page.WaitForAssertion(() => Assert.Equal("20", page.Find(".curves-chart").GetAttribute("data-points")), UiDeadline);
        await Cluster.Report(runs[1].RunId, FakeViews.Curve(210, 300));
        page.WaitForAssertion(() => Assert.Equal("30", page.Find(".curves-chart").GetAttribute("data-points")), UiDeadline);
        Assert.Equal("Running", page.FindAll("table.runs tbody tr")[1].QuerySelectorAll("td")[5].TextContent.Trim());
    }

    [Fact]
    public async Task A_point_both_in_the_snapshot_and_pushed_is_counted_once()
    {
        var (id, runs) = await Launched();
        await Cluster.Report(runs[0].RunId, FakeViews.Curve(10, 100));
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, id));
        await Cluster.Report(runs[0].RunId, FakeViews.Curve(100, 120)); // iteration 100 again, then 110 and 120
        page.WaitForAssertion(() => Assert.Equal("12", page.Find(".curves-chart").GetAttribute("data-points")), UiDeadline);
    }

    [Fact]
    public async Task Analyses_appear_when_a_run_finishes()
    {
        var (id, runs) = await Launched();
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, id));
        Assert.Contains("fills in once", page.Markup);

        Cluster.SetAnalyses(id, new ExperimentAnalyses(DateTimeOffset.UtcNow,
            [new SpeedupRow(64, 100_000, 5, 0, 1, new SpeedupResult(2.5, 400, 3.0, 160))],
            [new PowerLawRow(runs[0].RunId, runs[0].Key, new PowerLawFit(0.3, 6, 0.99, 20, 500))], null));
        await Cluster.Report(runs[0].RunId, FakeViews.Curve(10, 500), RunStatus.Succeeded);

        page.WaitForAssertion(() => Assert.Equal("2.50×", page.FindAll("table.speedups tbody td")[2].TextContent), UiDeadline);
        Assert.Equal("0.3000", page.FindAll("table.powerlaws tbody td")[1].TextContent);
    }

    [Fact]
    public async Task Leaving_the_page_ends_its_subscription()
    {
        var (id, _) = await Launched();
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, id));
        Assert.Equal(1, Cluster.ExperimentSubscriptions);
        await DisposeComponentsAsync();
        Assert.Equal(0, Cluster.ExperimentSubscriptions);
    }

    [Fact]
    public void An_unknown_experiment_says_so()
    {
        var page = Render<Experiment>(p => p.Add(e => e.ExperimentId, "missing"));
        Assert.Contains("Experiment not found", page.Find("h1").TextContent);
    }
}
