using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Tests.Analysis;

namespace OrleansScaling.Science.Tests.Analysis.Bootstrap;

public class ResamplingTests
{
    [Fact]
    public void The_interval_is_the_2_5th_to_97_5th_percentile_and_an_unbounded_end_is_null()
    {
        var values = Enumerable.Range(0, 401).Select(i => (double)i).ToList(); // 0..400: percentiles at 10 and 390
        var interval = Resampling.Interval(values);
        Assert.Equal(10.0, interval[0]!.Value, 9);
        Assert.Equal(390.0, interval[1]!.Value, 9);
        var open = Resampling.Interval(values.Select(v => v > 300 ? double.PositiveInfinity : v));
        Assert.Equal(10.0, open[0]!.Value, 9);
        Assert.Null(open[1]);
    }

    [Fact]
    public void An_isoflop_budget_whose_resamples_lose_the_minimum_gets_an_open_end()
    {
        // Five sizes whose losses barely curve: many resamples of them have no minimum, pointing to larger models.
        var runs = new[] { 1e5, 2e5, 4e5, 8e5, 1.6e6 }
            .Select((n, i) => new LossObservation(n, 1e12 / 6 / n, 5 - 0.1 * i + (i == 4 ? 0.39 : 0), 1e12)).ToList();

        var interval = IsoFlopBootstrap.Run(runs, 200, seed: 1).Single();

        Assert.True(interval.Unbounded > 0);
        Assert.Null(interval.OptimalParamsInterval![1]);
        Assert.Equal(interval.Unbounded, IsoFlopBootstrap.Run(runs, 200, seed: 1).Single().Unbounded);
    }

    [Fact]
    public void The_power_law_bootstrap_covers_the_true_exponent_of_a_noisy_curve_and_is_seeded()
    {
        var curve = Synthetic.CurveOf(Synthetic.Every(50, 2000), Synthetic.WithNoise(i => 8 * Math.Pow(i, -0.2), 0.01, seed: 3));

        var a = CurveBootstrap.PowerLaw(curve, 200, 300, seed: 1);
        var b = CurveBootstrap.PowerLaw(curve, 200, 300, seed: 1);

        Assert.InRange(0.2, a.ExponentInterval[0]!.Value, a.ExponentInterval[1]!.Value);
        Assert.Equal(a.ExponentInterval, b.ExponentInterval);
        Assert.True(a.ExponentInterval[1] - a.ExponentInterval[0] < 0.05);
    }
}
