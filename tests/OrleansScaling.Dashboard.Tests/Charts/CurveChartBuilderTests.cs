using OrleansScaling.Science.Runs;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Charts;
using OrleansScaling.Dashboard.Sweeps;
using OrleansScaling.Dashboard.Tests.Fakes;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Forecasts;

namespace OrleansScaling.Dashboard.Tests.Charts;

public sealed class CurveChartBuilderTests
{
    private static readonly RunView Run = FakeViews.Run("e", FakePlanner.Plan(TestSweeps.Paper).Runs[0]);

    [Fact]
    public void Rows_with_NaN_or_infinity_never_reach_the_chart_script()
    {
        var config = new ChartConfig([new ChartSeriesJson("s", [[1, 2], [2, double.NaN], [3, double.PositiveInfinity], [4, 5]], 0, false)],
            "x", "y", Log: false, RawPointCount: 4);
        var finite = config.WithFiniteData();
        Assert.Equal([1.0, 4.0], finite.Series[0].Data.Select(r => r[0]));
        // What Blazor's JS interop does with it: default System.Text.Json, which refuses NaN and ±∞.
        System.Text.Json.JsonSerializer.Serialize(finite);
        var clean = config.WithFiniteData();
        Assert.Same(clean, clean.WithFiniteData());
    }

    [Fact]
    public void Log_log_values_are_log10_and_the_x_axis_follows_the_choice()
    {
        var curve = FakeViews.Curve(10, 100);
        var byTokens = CurveChartBuilder.Build([new(Run, curve)], [], CurveAxis.Tokens, logLog: true);
        var first = byTokens.Series[0].Data[0];
        Assert.Equal(Math.Log10(curve[0].Tokens), first[0], 12);
        Assert.Equal(Math.Log10(curve[0].TestLoss), first[1], 12);
        Assert.Equal("tokens", byTokens.XTitle);

        var byFlops = CurveChartBuilder.Build([new(Run, curve)], [], CurveAxis.Flops, logLog: false);
        Assert.Equal(curve[0].Flops, byFlops.Series[0].Data[0][0]);
        Assert.Equal(10, byFlops.RawPointCount);
    }

    [Fact]
    public void A_power_law_fit_is_a_straight_dashed_line_on_log_log_with_its_slope()
    {
        var fit = new PowerLawRow(Run.RunId, Run.Key, new PowerLawFit(0.3, 6, 0.99, 10, 1000));
        var config = CurveChartBuilder.Build([new(Run, FakeViews.Curve(10, 1000))], [fit], CurveAxis.Iterations, logLog: true);
        var line = Assert.Single(config.Series, s => s.Dashed);
        var slope = (line.Data[^1][1] - line.Data[0][1]) / (line.Data[^1][0] - line.Data[0][0]);
        Assert.Equal(-0.3, slope, 9);
    }

    [Fact]
    public void A_fits_band_follows_the_x_axis_and_shares_its_runs_colour()
    {
        var fit = new PowerLawRow(Run.RunId, Run.Key, new PowerLawFit(0.3, 6, 0.99, 10, 1000), Band: [[10, 2.9, 3.1], [1000, 0.7, 0.8]]);
        var config = CurveChartBuilder.Build([new(Run, FakeViews.Curve(10, 1000))], [fit], CurveAxis.Tokens, logLog: false);
        var band = Assert.Single(config.Series, s => s.Kind == ChartKinds.Band);
        Assert.Equal(new[] { 1000.0 * Run.Spec.TokensPerIteration, 0.7, 0.8 }, band.Data[1]);
        Assert.Equal(config.Series[0].Group, band.Group);

        var hidden = CurveChartBuilder.Build([new(Run, FakeViews.Curve(10, 1000))], [], CurveAxis.Tokens, logLog: false);
        Assert.DoesNotContain(hidden.Series, s => s.Kind == ChartKinds.Band);
    }

    [Fact]
    public void Each_line_is_drawn_with_at_most_the_downsampling_threshold()
    {
        var config = CurveChartBuilder.Build([new(Run, FakeViews.Curve(1, 30_000, every: 1))], [], CurveAxis.Iterations, logLog: true);
        Assert.Equal(CurveChartBuilder.MaxPointsPerSeries, config.Series[0].Data.Length);
        Assert.Equal(30_000, config.RawPointCount);
    }

    [Fact]
    public void A_running_runs_forecast_adds_a_dashed_line_from_its_last_evaluation_and_a_band_to_its_last_iteration()
    {
        var curve = FakeViews.Curve(10, 500);
        var forecast = new RunForecast(2.5, [2.3, 2.8], 500, 1000);
        var running = Run with { Status = RunStatus.Running, Forecast = forecast };
        var config = CurveChartBuilder.Build([new(running, curve)], [], CurveAxis.Iterations, logLog: false);
        var line = Assert.Single(config.Series, s => s.Dashed);
        Assert.Equal(new[] { 500.0, curve[^1].TestLoss }, line.Data[0]);
        Assert.Equal(new[] { 1000.0, 2.5 }, line.Data[^1]);
        Assert.Contains("forecast", line.Name);
        var band = Assert.Single(config.Series, s => s.Kind == ChartKinds.Band);
        Assert.Equal(new[] { 1000.0, 2.3, 2.8 }, band.Data[^1]);
        Assert.Equal(config.Series[0].Group, band.Group);
        Assert.Equal(config.Series[0].Group, line.Group);

        // Finished (the final loss is known) or with an open interval end: no line, or no band.
        var finished = CurveChartBuilder.Build([new(running with { Status = RunStatus.Succeeded }, curve)], [], CurveAxis.Iterations, logLog: false);
        Assert.Single(finished.Series);
        var open = CurveChartBuilder.Build([new(running with { Forecast = forecast with { Interval = [2.3, null] } }, curve)], [], CurveAxis.Iterations, logLog: false);
        Assert.Single(open.Series, s => s.Dashed);
        Assert.DoesNotContain(open.Series, s => s.Kind == ChartKinds.Band);
        // Stopped early: the forecast the stop rested on is still drawn, to the iteration the run would have reached.
        var stopped = CurveChartBuilder.Build([new(running with { Status = RunStatus.StoppedEarly }, curve)], [], CurveAxis.Iterations, logLog: false);
        Assert.Equal(new[] { 1000.0, 2.5 }, Assert.Single(stopped.Series, s => s.Dashed).Data[^1]);
    }
}
