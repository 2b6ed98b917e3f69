using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Tests.Analysis.Stopping;

public sealed class StoppingReplayTests
{
    /// <summary>
    /// One IsoFLOP sweep of five sizes at equal 6·N·D, constant schedule, 40 evaluations each, losses
    /// E + 3·i^(−0.3) with E lowest at d48 and far higher at d96 and d160 (their finals 40% and 60% above the best).
    /// </summary>
    private static List<FinishedRun> Profile()
    {
        (int D, double E)[] sizes = [(32, 4.3), (48, 4.0), (64, 4.1), (96, 5.6), (160, 6.4)];
        return sizes.Select(s =>
        {
            var shape = new ModelShape(s.D, 2, 1, 64, 256);
            var spec = new RunSpec(Shape: shape, BatchSize: 4, Iterations: (int)Math.Round(4e9 / shape.Parameters), WarmupIterations: 10);
            var curve = Enumerable.Range(1, 40).Select(k => (long)spec.Iterations * k / 40)
                .Select(i => new CurvePoint(i, i * spec.TokensPerIteration, 6.0 * shape.Parameters * spec.TokensPerIteration * i,
                    s.E + 3 * Math.Pow(i, -0.3), s.E + 3 * Math.Pow(i, -0.3), 1e-3, i, 1e4)).ToList();
            return new FinishedRun($"r{s.D}", $"d{s.D}-S", spec, curve) { Source = "isoflop" };
        }).ToList();
    }

    [Fact]
    public void Replay_stops_the_runs_far_off_the_profiles_minimum_and_counts_the_flops_saved()
    {
        var runs = Profile();

        var replay = StoppingReplay.Run(runs, new EarlyStoppingSettings(), forecastResamples: 20);

        Assert.Equal(["d160-S", "d96-S"], replay.Stops.Select(s => s.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.All(replay.Stops, s => Assert.True(s.Iteration >= 0.3 * s.Iterations && s.Iteration < s.Iterations, $"{s.Key} at {s.Iteration} of {s.Iterations}"));
        var stopped = replay.Runs.Where(r => r.Forecast is not null).ToList();
        Assert.Equal(2, stopped.Count);
        Assert.All(stopped, r => Assert.Equal(replay.Stops.Single(s => s.Key == r.Key).Iteration, r.Curve[^1].Iteration));
        Assert.All(stopped, r => Assert.Equal(r.Forecast!.FinalLoss, r.FinalLoss));
        Assert.Equal(runs.Sum(r => r.Curve[^1].Flops), replay.FlopsFull);
        Assert.True(replay.FlopsUsed < replay.FlopsFull * 0.9, $"used {replay.FlopsUsed:G3} of {replay.FlopsFull:G3}");
    }

    [Fact]
    public void Replay_report_compares_the_isoflop_optimum_and_says_stopped_runs_stand_in_with_their_forecast()
    {
        var report = ReplayReport.Of(Profile(), new EarlyStoppingSettings(), analysisSettings: new AnalysisSettings(Resamples: 20), forecastResamples: 20);

        var decision = Assert.Single(report.Decisions);
        Assert.StartsWith("IsoFLOP optimum", decision.Analysis);
        Assert.NotNull(decision.Full);
        Assert.NotNull(decision.Replayed);
        Assert.Equal(ReplayDecisions.Inside(decision.Replayed, decision.Interval), decision.Inside);
        Assert.InRange(report.Saved, 0.1, 0.5);
        Assert.Contains(report.Notes, n => n.Contains("d96-S stopped early at iteration") && n.Contains("stands in for its final loss"));
    }

    [Theory]
    [InlineData(5.0, null, null, null)]
    [InlineData(5.0, 4.0, 6.0, true)]
    [InlineData(7.0, 4.0, 6.0, false)]
    [InlineData(7.0, 4.0, null, true)]
    [InlineData(3.0, null, 6.0, true)]
    public void Inside_treats_a_null_end_as_open_and_no_interval_as_unknown(double value, double? lo, double? hi, bool? inside) =>
        Assert.Equal(inside, ReplayDecisions.Inside(value, lo is null && hi is null && inside is null ? null : [lo, hi]));
}
