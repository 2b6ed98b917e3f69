using Bunit;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Charts;
using OrleansScaling.Dashboard.Components.Experiment;
using ExperimentPage = OrleansScaling.Dashboard.Components.Pages.Experiment;
using OrleansScaling.Dashboard.Tests.Fakes;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Dashboard.Tests.Components;

/// <summary>Issue 12's dashboard: power-law bands on the curves, the IsoFLOP panel and the held-out check.</summary>
public sealed class ScalingPanelsTests : DashboardContext
{
    private readonly BunitJSModuleInterop _charts;

    public ScalingPanelsTests() => _charts = JSInterop.SetupModule("./js/charts.js");

    /// <summary>The configs charts.js was last asked to draw, one per chart element drawn.</summary>
    private List<ChartConfig> Drawn() => _charts.Invocations.Identifiers.Contains("render")
        ? _charts.Invocations["render"].Select(i => (ChartConfig)i.Arguments[1]!).ToList()
        : [];

    private static IsoFlopParabola Profile(double budget, double optimum, double?[] interval) => new(
        new IsoFlopBudgetFit(budget, 3, optimum, budget / 6 / optimum, budget / 6 / optimum / optimum, 3.2, 0.05, 0.98, true),
        [[optimum / 3, 3.26], [optimum, 3.2], [optimum * 3, 3.27]], interval, [1.5, 9.0]);

    private async Task<(string Id, RunView Run)> Launched(Func<RunView, ExperimentAnalyses> analyses)
    {
        var id = await Cluster.LaunchSweep(TestSweeps.Paper);
        var run = (await Cluster.GetExperiment(id))!.Runs[0];
        await Cluster.Report(run.RunId, FakeViews.Curve(10, 500), RunStatus.Succeeded);
        Cluster.SetAnalyses(id, analyses(run));
        return (id, run);
    }

    [Fact]
    public async Task Each_power_law_fit_is_drawn_with_its_form_and_its_95_percent_band()
    {
        var (id, _) = await Launched(r => new ExperimentAnalyses(DateTimeOffset.UtcNow, [],
            [new PowerLawRow(r.RunId, r.Key, new PowerLawFit(0.3, 6, 0.99, 20, 500), [0.29, 0.31], [5.8, 6.2], [[20, 2.3, 2.5], [500, 0.9, 1.0]])], null));
        var page = Render<ExperimentPage>(p => p.Add(e => e.ExperimentId, id));

        page.WaitForAssertion(() => Assert.Contains(Drawn(), c => c.Series.Any(s => s.Kind == ChartKinds.Band)), UiDeadline);
        var config = Drawn().Last(c => c.Series.Any(s => s.Kind == ChartKinds.Band));
        var band = Assert.Single(config.Series, s => s.Kind == ChartKinds.Band);
        Assert.EndsWith("fit, 95% band", band.Name);
        Assert.Equal(new[] { Math.Log10(20), Math.Log10(2.3), Math.Log10(2.5) }, band.Data[0]);
        Assert.Equal(new[] { Math.Log10(500), Math.Log10(0.9), Math.Log10(1.0) }, band.Data[1]);
        var line = Assert.Single(config.Series, s => s.Dashed);
        Assert.EndsWith("fit L = 6·I^(−0.3)", line.Name);
        Assert.Equal(band.Group, line.Group);
    }

    [Fact]
    public void The_IsoFLOP_panel_lists_each_budgets_optimum_with_its_interval_and_draws_its_parabola()
    {
        var panel = Render<IsoFlopPanel>(p => p.Add(x => x.Profiles, [Profile(1e15, 2e6, [1.5e6, 3e6]), Profile(1e16, 6e6, [4e6, null])]));

        var rows = panel.FindAll("table.isoflop tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(["1.00e15 FLOPs", "3", "2 M params", "[1.5 M, 3 M]", "41.67", "[1.5, 9]", "3.200 nats", "0.980"], rows[0]);
        Assert.Equal("[4 M, ∞]", rows[1][3]);

        panel.WaitForAssertion(() => Assert.Contains(Drawn(), c => c.XTitle == "parameters N"), UiDeadline);
        var parabolas = Drawn().First(c => c.XTitle == "parameters N");
        Assert.False(parabolas.LogY);
        var curve = parabolas.Series.First(s => s.Name == "1.00e15 FLOPs: parabola");
        var lowest = curve.Data.MinBy(d => d[1])!;
        Assert.Equal(Math.Log10(2e6), lowest[0], 1);
        Assert.Equal(3.2, lowest[1], 3);
        var bar = parabolas.Series.Single(s => s.Name == "1.00e15 FLOPs: N* 95% interval");
        Assert.Equal(new[] { Math.Log10(1.5e6), 3.2 }, bar.Data[0]);
        Assert.Equal(new[] { Math.Log10(3e6), 3.2 }, bar.Data[1]);
        Assert.Equal(3, parabolas.Series.Single(s => s.Name == "1.00e15 FLOPs: runs").Data.Length);
    }

    [Fact]
    public void With_a_parametric_fit_the_panel_draws_its_compute_optimal_line_with_the_band()
    {
        var fit = new ParametricLossFit(1.8, 400, 0.34, 410, 0.28, 0.01, 4500, 0);
        var line = new ComputeOptimalLine(fit, 12, [[1e15, 2e6, 1.6e6, 2.6e6], [1e16, 5e6, 3.5e6, 7e6]]);
        var panel = Render<IsoFlopPanel>(p => p.Add(x => x.Profiles, [Profile(1e15, 2e6, [1.5e6, 3e6]), Profile(1e16, 6e6, [4e6, 9e6])])
            .Add(x => x.ComputeOptimal, line));

        Assert.Contains("over 12 runs", panel.Find("#compute-optimal-fit").TextContent);
        panel.WaitForAssertion(() => Assert.Contains(Drawn(), c => c.XTitle == "training FLOPs C"), UiDeadline);
        var chart = Drawn().First(c => c.XTitle == "training FLOPs C");
        var band = chart.Series.Single(s => s.Kind == ChartKinds.Band).Data;
        Assert.Equal(new double[] { 15, Math.Log10(1.6e6), Math.Log10(2.6e6) }, band[0], Close);
        Assert.Equal(new double[] { 16, Math.Log10(3.5e6), Math.Log10(7e6) }, band[1], Close);
        Assert.Equal(new double[] { 16, Math.Log10(5e6) }, chart.Series.Single(s => s.Name == "parametric fit N*(C)").Data[1], Close);
        Assert.Equal(new double[] { 15, Math.Log10(2e6) }, chart.Series.Single(s => s.Name == "IsoFLOP optima N*").Data[0], Close);
        var bar = chart.Series.Single(s => s.Name == "1.00e16 FLOPs: N* 95% interval").Data;
        Assert.Equal(new double[] { 16, Math.Log10(4e6) }, bar[0], Close);
        Assert.Equal(new double[] { 16, Math.Log10(9e6) }, bar[1], Close);
    }

    private static readonly IEqualityComparer<double> Close = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-9, _ => 0);

    [Fact]
    public async Task The_experiment_page_shows_the_held_out_check_with_each_runs_prediction_and_interval()
    {
        var check = new HeldOutCheck(3e15, 8, [
            new HoldoutRow(5e6, 1e8, 3e15 * 1.5, 3.10, 3.05, [2.95, 3.16], true),
            new HoldoutRow(8e6, 6e7, 3e15 * 0.96 * 1.5, 3.30, 3.08, [2.97, 3.20], false)]);
        var (id, _) = await Launched(_ => new ExperimentAnalyses(DateTimeOffset.UtcNow, [], [], null, Holdout: check));
        var page = Render<ExperimentPage>(p => p.Add(e => e.ExperimentId, id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("table.holdout tbody tr").Count), UiDeadline);
        var rows = page.FindAll("table.holdout tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(["5 M params", "100 M tokens", "4.50e15 FLOPs", "3.100 nats", "3.050 nats", "[2.950, 3.160]", "yes"], rows[0]);
        Assert.Equal("no", rows[1][6]);
        var hint = page.Find("table.holdout + p.hint").TextContent;
        Assert.Contains("8 runs at or below 3.00e15 FLOPs", hint);
        Assert.Contains("1 of 2 held-out runs inside", hint);
    }
}
