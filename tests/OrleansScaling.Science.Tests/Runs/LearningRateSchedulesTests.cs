using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Tests.Runs;

public class LearningRateSchedulesTests
{
    private static RunSpec Wsd(CooldownShape shape, int iterations = 1000, int warmup = 100, double fraction = 0.2) =>
        new(new ModelShape(64, 1, 1, 16, 256), 4, iterations, LearningRate: 1e-3, WarmupIterations: warmup,
            Schedule: LearningRateSchedule.Wsd, CooldownFraction: fraction, CooldownShape: shape);

    [Theory]
    [InlineData(CooldownShape.Sqrt)]
    [InlineData(CooldownShape.Linear)]
    public void Wsd_warms_up_linearly_then_holds_the_peak_until_its_cooldown_starts(CooldownShape shape)
    {
        var spec = Wsd(shape);
        Assert.Equal(1e-3 * 1 / 101, LearningRateSchedules.LearningRate(spec, 0), 15);
        Assert.Equal(1e-3 * 50 / 101, LearningRateSchedules.LearningRate(spec, 49), 15);
        Assert.Equal(1e-3, LearningRateSchedules.LearningRate(spec, 100));
        Assert.Equal(1e-3, LearningRateSchedules.LearningRate(spec, 500));
        Assert.Equal(800, LearningRateSchedules.CooldownStart(spec));
        Assert.Equal(1e-3, LearningRateSchedules.LearningRate(spec, 799));
        Assert.Equal(1e-3, LearningRateSchedules.LearningRate(spec, 800));
    }

    [Fact]
    public void A_linear_cooldown_falls_as_1_minus_its_progress()
    {
        var spec = Wsd(CooldownShape.Linear);
        // p = (t − 800) / 200
        Assert.Equal(1e-3 * 0.75, LearningRateSchedules.LearningRate(spec, 850), 15);
        Assert.Equal(1e-3 * 0.5, LearningRateSchedules.LearningRate(spec, 900), 15);
        Assert.Equal(1e-3 * 0.005, LearningRateSchedules.LearningRate(spec, 999), 15);
    }

    [Fact]
    public void A_sqrt_cooldown_falls_as_1_minus_the_square_root_of_its_progress()
    {
        var spec = Wsd(CooldownShape.Sqrt);
        Assert.Equal(1e-3 * 0.5, LearningRateSchedules.LearningRate(spec, 850), 15);
        Assert.Equal(1e-3 * (1 - Math.Sqrt(0.5)), LearningRateSchedules.LearningRate(spec, 900), 15);
        Assert.Equal(1e-3 * (1 - Math.Sqrt(199.0 / 200)), LearningRateSchedules.LearningRate(spec, 999), 15);
        // Sqrt cools faster early than linear.
        Assert.True(LearningRateSchedules.LearningRate(spec, 820) < LearningRateSchedules.LearningRate(Wsd(CooldownShape.Linear), 820));
    }

    [Fact]
    public void The_sequence_is_the_rate_of_every_iteration_and_never_rises_after_warmup()
    {
        var spec = Wsd(CooldownShape.Sqrt, iterations: 300, warmup: 10, fraction: 0.3);
        var rates = LearningRateSchedules.Sequence(spec).ToList();
        Assert.Equal(300, rates.Count);
        Assert.Equal(LearningRateSchedules.LearningRate(spec, 123), rates[123]);
        for (var t = 11; t < rates.Count; t++) Assert.True(rates[t] <= rates[t - 1]);
        Assert.Equal(210, LearningRateSchedules.CooldownStart(spec));
    }

    [Fact]
    public void A_branch_has_its_trunks_rates_until_it_forks()
    {
        var trunk = Wsd(CooldownShape.Sqrt, iterations: 3200);
        var branch = trunk with { Iterations = 1000 };
        var fork = LearningRateSchedules.ForkIteration(branch.Iterations, branch.CooldownFraction);
        Assert.Equal(800, fork);
        for (long t = 0; t < fork; t++) Assert.Equal(LearningRateSchedules.LearningRate(trunk, t), LearningRateSchedules.LearningRate(branch, t));
    }

    [Fact]
    public void Constant_and_cosine_keep_their_rules()
    {
        var constant = Wsd(CooldownShape.Sqrt) with { Schedule = LearningRateSchedule.Constant };
        Assert.Equal(1e-3, LearningRateSchedules.LearningRate(constant, 999));
        var cosine = constant with { Schedule = LearningRateSchedule.Cosine };
        Assert.Equal(1e-3, LearningRateSchedules.LearningRate(cosine, 100), 15);
        Assert.Equal(1e-4 + 0.5 * 0.9e-3, LearningRateSchedules.LearningRate(cosine, 550), 15);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_run_spec_with_a_cooldown_fraction_outside_0_1_is_refused_naming_it(double fraction)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RunSpecValidation.Validate(Wsd(CooldownShape.Sqrt, fraction: fraction)));
        Assert.Equal("cooldownFraction", e.ParamName);
    }

    [Fact]
    public void The_export_columns_carry_the_schedule_and_read_it_back()
    {
        var spec = Wsd(CooldownShape.Linear, fraction: 0.35);
        Assert.Equal("wsd", RunSpecColumns.Format(spec, "schedule"));
        Assert.Equal("0.35", RunSpecColumns.Format(spec, "cooldownFraction"));
        Assert.Equal("linear", RunSpecColumns.Format(spec, "cooldownShape"));
        var back = RunSpecColumns.Parse(c => RunSpecColumns.Contains(c) ? RunSpecColumns.Format(spec, c) : null);
        Assert.Equal(spec, back);
    }
}
