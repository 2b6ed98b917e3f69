using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Tests.Analysis.Stopping;

public sealed class EarlyStoppingTests
{
    private static readonly EarlyStoppingSettings Policy = new();
    private const int Batch = 4, Context = 64;

    private static RunSpec Spec(int dModel, int iterations, int epochs = 1, double dropout = 0) =>
        new(Shape: new ModelShape(dModel, 2, 1, Context, 256), BatchSize: Batch, Iterations: iterations, Epochs: epochs, Dropout: dropout, WarmupIterations: 10);

    /// <summary>An IsoFLOP profile: sizes with iterations chosen so that N·iterations is the same for all (6·N·D equal).</summary>
    private static RunSpec IsoFlopSpec(int dModel, double budgetParamIterations = 2e9)
    {
        var parameters = new ModelShape(dModel, 2, 1, Context, 256).Parameters;
        return Spec(dModel, (int)Math.Round(budgetParamIterations / parameters));
    }

    /// <summary>A curve up to <paramref name="fraction"/> of the run, 20 evaluations, losses falling as a power law from <paramref name="scale"/>.</summary>
    private static List<CurvePoint> Curve(RunSpec spec, double fraction, double scale = 8, Func<long, double>? loss = null)
    {
        loss ??= i => scale * Math.Pow(i, -0.1);
        var last = (long)Math.Floor(fraction * spec.Iterations);
        return Enumerable.Range(1, 20).Select(k => Math.Max(1, last * k / 20)).Distinct()
            .Select(i => new CurvePoint(i, i * spec.TokensPerIteration, 6.0 * spec.Shape.Parameters * spec.TokensPerIteration * i, loss(i), loss(i), 1e-3, i, 1e4)).ToList();
    }

    private static RunForecast Forecast(double final, double lo, double hi, RunSpec spec, double fraction) =>
        new(final, [lo, hi], (long)(fraction * spec.Iterations), spec.Iterations);

    /// <summary>Five sizes at one budget, all at <paramref name="fraction"/>, forecast (final, lo, hi) per size in order.</summary>
    private static List<RunSoFar> Profile(double fraction, params (double Final, double Lo, double Hi)?[] forecasts)
    {
        int[] sizes = [32, 48, 64, 96, 160];
        return sizes.Select((d, i) =>
        {
            var spec = IsoFlopSpec(d);
            var f = forecasts[i] is { } x ? Forecast(x.Final, x.Lo, x.Hi, spec, fraction) : null;
            return new RunSoFar($"d{d}", spec, Curve(spec, fraction), Finished: false, f);
        }).ToList();
    }

    [Fact]
    public void An_isoflop_run_whose_interval_lies_above_the_budgets_best_by_the_margin_is_stopped()
    {
        // The best (d48, 4.90) and its neighbours are kept; d96 and d160 lie wholly above 4.90 × 1.01.
        var runs = Profile(0.5, (5.00, 4.85, 5.10), (4.90, 4.80, 5.00), (4.95, 4.85, 5.05), (5.20, 5.05, 5.30), (5.50, 5.30, 5.60));

        var stops = EarlyStopping.Decide(runs, Policy);

        Assert.Equal(["d160", "d96"], stops.Select(s => s.Key).ToArray());
        Assert.All(stops, s => Assert.Contains("off the compute frontier", s.Reason));
        Assert.All(stops, s => Assert.DoesNotContain('\n', s.Reason));
        Assert.Contains("4.900 nats", stops[0].Reason);
        Assert.Same(runs[4].Forecast, stops.Single(s => s.Key == "d160").Forecast);
    }

    [Fact]
    public void A_run_within_the_margin_of_the_best_goes_on()
    {
        // d96's interval starts 0.5% above the best, inside the 1% margin.
        var runs = Profile(0.5, (5.00, 4.85, 5.10), (4.90, 4.80, 5.00), (4.95, 4.85, 5.05), (5.10, 4.9245, 5.20), (5.50, 5.30, 5.60));

        Assert.Equal(["d160"], EarlyStopping.Decide(runs, Policy).Select(s => s.Key).ToArray());
    }

    [Fact]
    public void No_run_is_stopped_before_its_minimum_fraction()
    {
        var runs = Profile(0.2, (5.00, 4.85, 5.10), (4.90, 4.80, 5.00), (4.95, 4.85, 5.05), (5.20, 5.05, 5.30), (5.50, 5.30, 5.60));

        Assert.Empty(EarlyStopping.Decide(runs, Policy));
        Assert.Equal(2, EarlyStopping.Decide(runs, Policy with { MinFraction = 0.1 }).Count);
    }

    [Fact]
    public void A_budget_keeps_three_runs_its_best_and_a_neighbour_on_each_side()
    {
        // Every run but the best (d64) lies far above it, its neighbours d48 and d96 highest: only two may stop, and
        // d48 and d96 stay, so the profile still places its minimum.
        var runs = Profile(0.5, (5.60, 5.50, 5.70), (6.10, 6.00, 6.20), (4.90, 4.80, 5.00), (6.05, 5.95, 6.15), (5.70, 5.60, 5.80));

        var stops = EarlyStopping.Decide(runs, Policy).Select(s => s.Key).ToArray();

        Assert.Equal(["d160", "d32"], stops);
    }

    [Fact]
    public void A_run_already_stopped_counts_against_the_budget_and_is_never_returned_again()
    {
        var runs = Profile(0.5, (5.60, 5.50, 5.70), (6.10, 6.00, 6.20), (4.90, 4.80, 5.00), (6.05, 5.95, 6.15), (5.70, 5.60, 5.80));
        runs[0] = runs[0] with { Finished = true }; // d32 stopped at half its iterations, its forecast standing in

        Assert.Equal(["d160"], EarlyStopping.Decide(runs, Policy).Select(s => s.Key).ToArray());
    }

    [Fact]
    public void Nothing_stops_at_a_budget_until_every_run_there_has_a_forecast_or_a_final_loss()
    {
        var runs = Profile(0.5, (5.00, 4.85, 5.10), null, (4.95, 4.85, 5.05), (5.20, 5.05, 5.30), (5.50, 5.30, 5.60));

        Assert.Empty(EarlyStopping.Decide(runs, Policy));
    }

    [Fact]
    public void A_finished_run_at_the_budget_counts_with_its_final_loss()
    {
        // d32 has ended at 4.70: d96's and d160's intervals, which start below the best forecast (4.90), lie wholly above it.
        var runs = Profile(0.5, null, (4.90, 4.80, 5.00), (4.95, 4.85, 5.05), (5.00, 4.90, 5.10), (4.96, 4.86, 5.06));
        var d32 = IsoFlopSpec(32);
        runs[0] = new RunSoFar("d32", d32, Curve(d32, 1.0, loss: i => i == d32.Iterations ? 4.70 : 9 * Math.Pow(i, -0.1)), Finished: true, Forecast: null);

        var stops = EarlyStopping.Decide(runs, Policy).Select(s => s.Key).ToArray();

        Assert.Equal(["d160", "d96"], stops);
        Assert.Empty(EarlyStopping.Decide(runs.Skip(1).ToList(), Policy));
    }

    [Fact]
    public void A_grid_run_below_the_frontier_traced_by_a_longer_run_is_stopped()
    {
        // Grid: d64 for 400 iterations; d32 for 3000 iterations (more FLOPs), whose curve has passed d64's final FLOPs at
        // a loss of about 3.0. d64's forecast interval [4.0, 4.4] lies wholly above: it is off the frontier.
        var small = Spec(32, 3000);
        var large = Spec(64, 400);
        var largeFlops = 6.0 * large.Shape.Parameters * large.TotalTokens;
        var smallCurve = Curve(small, 0.8, loss: _ => 3.0);
        Assert.True(6.0 * small.Shape.Parameters * smallCurve[^1].Tokens > largeFlops);
        List<RunSoFar> runs =
        [
            new("d32", small, smallCurve, false, Forecast(2.9, 2.8, 3.0, small, 0.8)),
            new("d64", large, Curve(large, 0.5, scale: 6), false, Forecast(4.2, 4.0, 4.4, large, 0.5)),
        ];

        var stop = Assert.Single(EarlyStopping.Decide(runs, Policy));

        Assert.Equal("d64", stop.Key);
        Assert.Contains("compute frontier there (d32's curve)", stop.Reason);

        // Before the longer run's curve reaches that many FLOPs there is nothing to hold d64 against.
        runs[0] = runs[0] with { Curve = Curve(small, 0.05, loss: _ => 3.0) };
        Assert.Empty(EarlyStopping.Decide(runs, Policy));
    }

    [Fact]
    public void The_paper_comparisons_S_run_runs_to_the_end_whatever_its_forecast()
    {
        // A larger S run traces a frontier far below the smaller S run, but the smaller one is an M run's twin.
        var small = Spec(32, 1000);
        var multi = Spec(32, 1000, epochs: 10);
        var large = Spec(128, 1000);
        List<RunSoFar> runs =
        [
            new("d32-S", small, Curve(small, 0.5, scale: 9), false, Forecast(6.0, 5.8, 6.2, small, 0.5)),
            new("d32-M", multi, Curve(multi, 0.5, scale: 9), false, null),
            new("d128-S", large, Curve(large, 0.9, loss: _ => 3.0), false, Forecast(2.9, 2.8, 3.0, large, 0.9)),
        ];

        Assert.Empty(EarlyStopping.Decide(runs, Policy));
        Assert.Single(EarlyStopping.Decide(runs.Where(r => r.Key != "d32-M").ToList(), Policy));
    }

    /// <summary>An M(E=10) curve: falls to its best near iteration 400, then rises by <paramref name="rise"/> nats per 100
    /// iterations; evaluation noise ±0.005 nats, alternating every 50 iterations.</summary>
    private static Func<long, double> Overfitting(double rise) => i =>
    {
        var noise = i / 50 % 2 == 0 ? 0.005 : -0.005;
        return i <= 400 ? 8 * Math.Pow(i, -0.1) + noise : 8 * Math.Pow(400, -0.1) + rise * (i - 400) / 100.0 + noise;
    };

    private static List<CurvePoint> Every50(RunSpec spec, long last, Func<long, double> loss) =>
        Enumerable.Range(1, (int)(last / 50)).Select(k => 50L * k)
            .Select(i => new CurvePoint(i, i * spec.TokensPerIteration, 1e9 * i, loss(i), loss(i), 1e-3, i, 1e4)).ToList();

    [Fact]
    public void An_M_run_whose_loss_has_stayed_above_its_best_beyond_the_noise_is_stopped_keeping_its_best()
    {
        var spec = Spec(64, 1000, epochs: 10);
        var run = new RunSoFar("d64-M", spec, Every50(spec, 550, Overfitting(0.2)), false, null);

        var stop = Assert.Single(EarlyStopping.Decide([run], Policy));

        Assert.Equal("d64-M", stop.Key);
        Assert.Contains("past its best", stop.Reason);
        Assert.Contains("at iteration 400", stop.Reason);
        Assert.Contains("iterations 450–550 of 1000", stop.Reason);
    }

    [Fact]
    public void An_M_run_goes_on_until_three_evaluations_in_a_row_lie_above_the_noise_band()
    {
        var spec = Spec(64, 1000, epochs: 10);

        Assert.Empty(EarlyStopping.Decide([new RunSoFar("m", spec, Every50(spec, 500, Overfitting(0.2)), false, null)], Policy));
        // A flat curve after the best, whose evaluations scatter by the noise alone, never stops it.
        Assert.Empty(EarlyStopping.Decide([new RunSoFar("m", spec, Every50(spec, 1000, Overfitting(0)), false, null)], Policy));
        // Not before its minimum fraction: 550 of 2000 iterations is 27.5%.
        var longer = spec with { Iterations = 2000 };
        Assert.Empty(EarlyStopping.Decide([new RunSoFar("m", longer, Every50(longer, 550, Overfitting(0.2)), false, null)], Policy));
    }

    [Fact]
    public void S_and_SD_runs_with_the_same_rising_curve_run_to_the_end()
    {
        var s = Spec(64, 1000);
        var sd = Spec(64, 1000, dropout: 0.1);

        Assert.Empty(EarlyStopping.Decide([
            new RunSoFar("s", s, Every50(s, 550, Overfitting(0.2)), false, null),
            new RunSoFar("sd", sd, Every50(sd, 550, Overfitting(0.2)), false, null)], Policy));
    }

    [Fact]
    public void Finished_runs_are_never_returned()
    {
        var spec = Spec(64, 1000, epochs: 10);

        Assert.Empty(EarlyStopping.Decide([new RunSoFar("m", spec, Every50(spec, 1000, Overfitting(0.2)), true, null)], Policy));
    }

    [Theory]
    [InlineData("asha", 0.3, "earlyStopping.policy")]
    [InlineData("frontier", 1.5, "earlyStopping.minFraction")]
    [InlineData("frontier", double.NaN, "earlyStopping.minFraction")]
    public void Bad_settings_are_refused_naming_the_field(string policy, double minFraction, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => EarlyStopping.Decide([], new EarlyStoppingSettings(policy, minFraction)));
        Assert.Equal(field, e.ParamName);
    }
}
