using Bunit;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Components.Pages;
using OrleansScaling.Science.Runs;
using OrleansScaling.Dashboard.Tests.Fakes;

namespace OrleansScaling.Dashboard.Tests.Components;

public sealed class RunPageTests : DashboardContext
{
    private async Task<string> ARun()
    {
        var id = await Cluster.LaunchSweep(TestSweeps.Paper);
        return (await Cluster.GetExperiment(id))!.Runs[0].RunId;
    }

    [Fact]
    public async Task A_running_run_shows_its_spec_with_units_its_attempt_and_can_be_cancelled()
    {
        var runId = await ARun();
        await Cluster.Report(runId, FakeViews.Curve(10, 100));
        var page = Render<Run>(p => p.Add(r => r.RunId, runId));

        Assert.Contains("1,000 it × 2.05 k tokens (batch 16 × context 128)", page.Find("dl.spec").TextContent);
        Assert.Single(page.FindAll("table.attempts tbody tr"));
        Assert.Empty(page.FindAll("#retry-run"));
        page.Find("#cancel-run").Click();
        Assert.Equal([runId], Cluster.Cancelled);
    }

    [Fact]
    public async Task A_diverged_run_shows_why_it_stopped_and_offers_no_retry()
    {
        var runId = await ARun();
        var curve = FakeViews.Curve(10, 30);
        curve[^1] = curve[^1] with { TrainLoss = double.NaN, TestLoss = double.PositiveInfinity };
        await Cluster.Report(runId, curve);
        Cluster.SetStopped(runId, RunStatus.Diverged, "diverged at iteration 30 (loss ∞); lower the learning rate");
        var page = Render<Run>(p => p.Add(r => r.RunId, runId));

        Assert.Equal("Diverged", page.Find("h1 .status").TextContent);
        Assert.Contains("diverged at iteration 30 (loss ∞); lower the learning rate", page.Find("dl.spec").TextContent);
        Assert.Empty(page.FindAll("#retry-run"));
        Assert.Empty(page.FindAll("#cancel-run"));
    }

    [Fact]
    public async Task A_run_stopped_early_shows_why_and_the_forecast_it_kept_NaN_safe_and_offers_no_retry()
    {
        var runId = await ARun();
        await Cluster.Report(runId, FakeViews.Curve(10, 300));
        Cluster.SetStopped(runId, RunStatus.StoppedEarly, "stopped early at iteration 300: off the compute frontier");
        Cluster.SetForecast(runId, new OrleansScaling.Science.Analysis.Forecasts.RunForecast(2.5, [double.NaN, null], 300, 1000));
        var page = Render<Run>(p => p.Add(r => r.RunId, runId));

        Assert.Equal("StoppedEarly", page.Find("h1 .status").TextContent);
        var spec = page.Find("dl.spec").TextContent;
        Assert.Contains("stopped early at iteration 300: off the compute frontier", spec);
        Assert.Contains("final test loss 2.500 nats at 1,000 it", page.Find("dd.stopped-forecast").TextContent);
        Assert.Empty(page.FindAll("#retry-run"));
        Assert.Empty(page.FindAll("#cancel-run"));
    }

    [Fact]
    public async Task A_failed_run_can_be_retried()
    {
        var runId = await ARun();
        Cluster.SetStatus(runId, RunStatus.Failed);
        var page = Render<Run>(p => p.Add(r => r.RunId, runId));
        Assert.Empty(page.FindAll("#cancel-run"));
        page.Find("#retry-run").Click();
        Assert.Equal([runId], Cluster.Retried);
    }
}

public sealed class ExposedRunPageTests() : DashboardContext(accessToken: "tok", url: "http://0.0.0.0:5080")
{
    [Fact]
    public async Task Beyond_loopback_cancel_is_locked_without_the_token()
    {
        var id = await Cluster.LaunchSweep(TestSweeps.Paper);
        var runId = (await Cluster.GetExperiment(id))!.Runs[0].RunId;
        var page = Render<Run>(p => p.Add(r => r.RunId, runId));
        Assert.True(page.Find("#cancel-run").HasAttribute("disabled"));
        Assert.Empty(Cluster.Cancelled);
    }
}
