using Bunit;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Components.Experiment;
using OrleansScaling.Dashboard.Formatting;
using OrleansScaling.Dashboard.Tests.Fakes;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Planning;
using ExperimentPage = OrleansScaling.Dashboard.Components.Pages.Experiment;

namespace OrleansScaling.Dashboard.Tests.Components;

/// <summary>Issue 18: every interval says what it rests on, an absent one why, and no NaN or ∞ breaks a view.</summary>
public sealed class IntervalBasisViewsTests : DashboardContext
{
    private readonly BunitJSModuleInterop _charts;

    public IntervalBasisViewsTests() => _charts = JSInterop.SetupModule("./js/charts.js");

    private static SpeedupRow Speedup(int seed, double? value) =>
        new(256, 18_000_000, 10, 0, seed, new SpeedupResult(value, 1000, 3.2, value is null ? null : 1000 / value));

    private static IsoFlopParabola Profile(double budget, double optimum, double?[]? interval, IntervalBasis? basis) => new(
        new IsoFlopBudgetFit(budget, 3, optimum, budget / 6 / optimum, budget / 6 / optimum / optimum, 3.2, 0.05, 0.98, true),
        [[optimum / 3, 3.26], [optimum, 3.2], [optimum * 3, 3.27]], interval, interval is null ? null : [1.5, 9.0]) { Basis = basis };

    [Fact]
    public void Units_print_an_interval_with_its_count_an_absent_one_with_its_note_and_NaN_as_a_dash()
    {
        var seeds = new IntervalBasis(3, IntervalBasis.Seeds, "t interval over seeds");
        Assert.Equal("[1.10, 1.40] (3 seeds)", Units.Interval([1.1, 1.4], v => Units.Number(v, "0.00"), seeds));
        Assert.Equal("[0, 2.00] (1 seed)", Units.Interval([null, 2.0], v => Units.Number(v, "0.00"), new IntervalBasis(1, IntervalBasis.Seeds, "grid")));
        Assert.Equal("— (2 runs: too few runs)", Units.Interval(null, v => Units.Number(v), new IntervalBasis(2, IntervalBasis.Runs, "none", Note: "too few runs")));
        Assert.Equal("[—, 1.4] (3 seeds)", Units.Interval([double.NaN, 1.4], v => Units.Number(v), seeds));
        Assert.Equal("—", Units.Interval(null, v => Units.Number(v)));
        Assert.Equal("— (3 runs: the curvature is not significant)", Units.Interval([null, null], v => Units.Number(v),
            new IntervalBasis(3, IntervalBasis.Runs, "Fieller", Note: "the curvature is not significant")));
        Assert.Equal("— (the fit failed)", Units.Interval(null, v => Units.Number(v), new IntervalBasis(0, IntervalBasis.Evaluations, "none", Note: "the fit failed")));
        Assert.Equal("[1, 2]", Units.Interval([1.0, 2.0], v => Units.Number(v), new IntervalBasis(0, IntervalBasis.Runs, "normal quantiles")));
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            Assert.Equal("—", Units.Number(bad));
            Assert.Equal("—", Units.Params(bad));
            Assert.Equal("—", Units.Flops(bad));
            Assert.Equal("—", Units.Si(bad));
            Assert.Equal("—", Units.Loss(bad));
            Assert.Equal("—", Units.Iterations(bad));
        }
    }

    [Fact]
    public void A_speedup_cell_shows_its_interval_with_the_seeds_it_rests_on_and_the_hint_names_the_method()
    {
        var basis = new IntervalBasis(2, IntervalBasis.Seeds, SpeedupBootstrap.Method);
        var table = Render<SpeedupTable>(p => p.Add(t => t.Rows, [
            Speedup(1, 1.2) with { CellInterval = [1.16, 1.23], CellBasis = basis },
            Speedup(2, 1.18) with { CellInterval = [1.16, 1.23], CellBasis = basis },
        ]));

        var cell = table.FindAll("tbody td")[2];
        Assert.Equal("1.19× [1.16, 1.23] (2 seeds)", cell.TextContent);
        Assert.Equal(basis.ToString(), cell.GetAttribute("title"));
        var hint = table.Find("p.hint").TextContent;
        Assert.Contains(SpeedupBootstrap.Method, hint);
        Assert.DoesNotContain("resampled in pairs", hint);
    }

    [Fact]
    public void An_absent_speedup_interval_says_why_and_a_NaN_speedup_does_not_break_the_table()
    {
        var table = Render<SpeedupTable>(p => p.Add(t => t.Rows, [
            Speedup(1, 1.2) with { CellBasis = new IntervalBasis(1, IntervalBasis.Seeds, "none", Note: "one seed: no interval") },
            Speedup(1, double.NaN) with { Epochs = 5 },
        ]));

        var cells = table.FindAll("tbody td").Select(c => c.TextContent).ToList();
        Assert.Equal("1.20× — (1 seed: one seed: no interval)", cells[2]);
        Assert.Equal("—", cells[3]);
    }

    [Fact]
    public void Power_law_intervals_show_their_evaluations_and_an_absent_one_its_note()
    {
        var basis = new IntervalBasis(40, IntervalBasis.Evaluations, "moving-block residual bootstrap (blocks of 4)", 200, 3);
        var absent = new IntervalBasis(12, IntervalBasis.Evaluations, "moving-block residual bootstrap (blocks of 3)", 200, 150,
            "150 of 200 resamples could not be refitted (over 20 %): no interval");
        var table = Render<PowerLawTable>(p => p.Add(t => t.Rows, [
            new PowerLawRow("r1", "d128-S-seed1", new PowerLawFit(0.3012, 6.1, 0.9931, 200, 5000), [0.29, 0.31], [5.9, 6.35], Basis: basis),
            new PowerLawRow("r2", "d256-S-seed1", new PowerLawFit(double.NaN, double.PositiveInfinity, double.NaN, 200, 5000), Basis: absent),
        ]));

        var rows = table.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal("[0.2900, 0.3100] (40 evaluations)", rows[0][2]);
        Assert.Equal("6.100 [5.900, 6.350] (40 evaluations)", rows[0][3]);
        Assert.Equal("— (12 evaluations: 150 of 200 resamples could not be refitted (over 20 %): no interval)", rows[1][2]);
        Assert.Equal(["d256-S-seed1", "—", "—"], rows[1][..2].Append(rows[1][3]).ToList());
        Assert.Contains("moving-block residual bootstrap (blocks of 4), 200 resamples", table.Find("p.hint").TextContent);
    }

    [Fact]
    public void IsoFLOP_intervals_show_their_runs_the_hint_their_method_and_the_trend_is_shown()
    {
        var basis = new IntervalBasis(3, IntervalBasis.Runs, IsoFlopBootstrap.ResidualMethod);
        var absent = new IntervalBasis(3, IntervalBasis.Runs, IsoFlopBootstrap.ResidualMethod, Note: "the parabola opens downward: no optimum");
        var panel = Render<IsoFlopPanel>(p => p
            .Add(x => x.Profiles, [Profile(1e15, 2e6, [1.5e6, 3e6], basis), Profile(1e16, 6e6, null, absent)])
            .Add(x => x.Trend, new IsoFlopTrend(0.49, 0.51, 2)));

        var rows = panel.FindAll("table.isoflop tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal("[1.5 M, 3 M] (3 runs)", rows[0][3]);
        Assert.Equal("[1.5, 9] (3 runs)", rows[0][5]);
        Assert.Equal("— (3 runs: the parabola opens downward: no optimum)", rows[1][3]);
        var hints = string.Join("\n", panel.FindAll("p.hint").Select(h => h.TextContent));
        Assert.Contains(IsoFlopBootstrap.ResidualMethod, hints);
        Assert.DoesNotContain("200 resamples", hints);
        Assert.Contains("Over 2 budgets: N* ∝ C^0.49, D* ∝ C^0.51", panel.Find("#isoflop-trend").TextContent);
    }

    [Fact]
    public void A_parabola_or_fit_with_NaN_and_infinite_numbers_renders_dashes_and_sends_the_charts_only_finite_points()
    {
        var broken = new IsoFlopParabola(
            new IsoFlopBudgetFit(1e15, 3, double.NaN, double.NaN, double.PositiveInfinity, double.NaN, double.NaN, double.NaN, false),
            [[1e6, 3.3], [2e6, double.NaN], [0, 3.1]], [double.NaN, 3e6], null)
        { Basis = new IntervalBasis(3, IntervalBasis.Runs, IsoFlopBootstrap.ResidualMethod) };
        var fit = new ParametricLossFit(double.NaN, double.PositiveInfinity, 0.34, 410, double.NaN, 0.01, 4500, 0);
        var line = new ComputeOptimalLine(fit, 6, [[1e15, double.NaN, 1e6, 2e6], [1e16, 5e6, -1, 7e6]])
        {
            Intervals = new ParametricIntervals([double.NaN, 1.9], [300, 520], [0.3, 0.38], [350, 480], [0.25, 0.31], null),
            Budgets = [new ComputeOptimalAt(1e15, double.NaN, double.PositiveInfinity, double.NaN, [double.NaN, double.NaN])],
        };
        var panel = Render<IsoFlopPanel>(p => p.Add(x => x.Profiles, [broken]).Add(x => x.ComputeOptimal, line)
            .Add(x => x.Trend, new IsoFlopTrend(double.NaN, double.NegativeInfinity, 2)));

        var row = panel.FindAll("table.isoflop tbody td").Select(c => c.TextContent).ToList();
        Assert.Equal(["1.00e15 FLOPs", "3", "— (extrapolated)", "[—, 3 M] (3 runs)", "—", "— (3 runs)", "—", "—"], row);
        Assert.Contains("N* ∝ C^—, D* ∝ C^—", panel.Find("#isoflop-trend").TextContent);
        Assert.Equal(["E (nats)", "—", "[—, 1.900]"], panel.FindAll("table.fit-parameters tbody tr")[0].QuerySelectorAll("td").Select(c => c.TextContent).ToList());
        Assert.DoesNotContain("NaN", panel.Markup);
        Assert.DoesNotContain("Infinity", panel.Markup);
        panel.WaitForAssertion(() => Assert.Equal(2, _charts.Invocations["render"].Count), UiDeadline);
        foreach (var config in _charts.Invocations["render"].Select(i => (OrleansScaling.Dashboard.Charts.ChartConfig)i.Arguments[1]!))
            Assert.All(config.Series.SelectMany(s => s.Data).SelectMany(r => r), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void The_parametric_fit_shows_each_parameters_interval_with_its_runs()
    {
        var fit = new ParametricLossFit(1.8, 400, 0.34, 410, 0.28, 0.01, 4500, 0);
        var basis = new IntervalBasis(12, IntervalBasis.Runs, "percentile bootstrap over runs", 200, 7);
        var line = new ComputeOptimalLine(fit, 12, [[1e15, 2e6, 1.6e6, 2.6e6]])
        {
            Intervals = new ParametricIntervals([1.7, 1.9], [300, 520], [0.3, null], [350, 480], [0.25, 0.31], basis),
            Budgets = [new ComputeOptimalAt(1e15, 2e6, 8.3e7, 41.5, [30, 55])],
        };
        var panel = Render<IsoFlopPanel>(p => p.Add(x => x.Profiles, []).Add(x => x.ComputeOptimal, line));

        var rows = panel.FindAll("table.fit-parameters tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(["E (nats)", "1.800", "[1.700, 1.900] (12 runs)"], rows[0]);
        Assert.Equal(["α", "0.340", "[0.300, ∞] (12 runs)"], rows[2]);
        Assert.Equal(5, rows.Count);
        Assert.Equal("[30, 55] (12 runs)", panel.Find("table.fit-optima tbody td:last-child").TextContent);
        Assert.Contains("200 resamples of 12 runs, percentile bootstrap over runs (7 degenerate)", panel.Find("#compute-optimal-fit").TextContent);
    }

    [Fact]
    public void A_held_out_interval_shows_its_runs_and_the_hint_the_analyses_method()
    {
        var basis = new IntervalBasis(8, IntervalBasis.Runs, LossPredictor.Method, 200, 4);
        var check = new HeldOutCheck(3e15, 8, [
            new HoldoutRow(5e6, 1e8, 4.5e15, 3.10, 3.05, [2.95, 3.16], true) { Basis = basis },
            new HoldoutRow(8e6, 6e7, 4.3e15, double.NaN, double.PositiveInfinity, [double.NaN, 3.2], false) { Basis = basis }]) { Basis = basis };
        var table = Render<HoldoutTable>(p => p.Add(t => t.Check, check));

        var rows = table.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal("[2.950, 3.160] (8 runs)", rows[0][5]);
        Assert.Equal(["—", "—", "[—, 3.200] (8 runs)"], rows[1][3..6]);
        var hint = table.Find("p.hint").TextContent;
        Assert.Contains(LossPredictor.Method, hint);
        Assert.DoesNotContain("200 bootstrap resamples", hint);
    }

    [Fact]
    public async Task The_page_shows_the_planner_checks_and_the_dropout_table()
    {
        var id = await Cluster.LaunchSweep(TestSweeps.Paper);
        var run = (await Cluster.GetExperiment(id))!.Runs[0];
        await Cluster.Report(run.RunId, FakeViews.Curve(10, 500), RunStatus.Succeeded);
        var chosen = new PlanCandidate(128, 4, 4, 2_000_000, 1000, 10_000_000, 5, 0.01, 12e6, 1.2e14, null);
        Cluster.SetAnalyses(id, new ExperimentAnalyses(DateTimeOffset.UtcNow, [], [], null)
        {
            PlannerChecks = [new PlannerCheck(1.2e14, chosen, 3.25, null, 3.2, 3_000_000, 3.21), new PlannerCheck(1e15, chosen, double.NaN, 3.3, 3.1, 5_000_000, 3.1)],
            Dropout = [new DropoutRow(64, 100_000, 1, "d64-SD-seed1", 3.4, "d64-S-seed1", 3.3, 9, 10, 300, 500),
                       new DropoutRow(128, 400_000, 1, "d128-SD-seed1", double.NaN, null, null, 0, 0, null, 500)],
        });
        var page = Render<ExperimentPage>(p => p.Add(e => e.ExperimentId, id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("table.planner-checks tbody tr").Count), UiDeadline);
        var checks = page.FindAll("table.planner-checks tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(["1.20e14 FLOPs", "d=128 L=4 (2 M params)", "5", "3.250 nats", "not run", "3.200 nats", "3 M params: 3.210 nats", "+0.040 nats"], checks[0]);
        Assert.Equal("3.300 nats", checks[1][4]);
        Assert.Equal("—", checks[1][3]);
        var dropout = page.FindAll("table.dropout tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(["64", "100 k params", "1", "3.400 nats", "3.300 nats", "9 of 10 evaluations", "300 it of 500 it"], dropout[0]);
        Assert.Equal(["128", "400 k params", "1", "—", "no S run", "—", "—"], dropout[1]);
    }
}
