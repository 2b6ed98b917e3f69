using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Tests.Analysis.Forecasts;

public sealed class LossForecasterTests
{
    private const int Warmup = 50;

    /// <summary>A curve that follows the law exactly (times lognormal noise of SD <paramref name="noise"/>), evaluated like the engine: half log-spaced, half linear.</summary>
    private static (List<CurvePoint> Curve, double TrueFinal) LawCurve(AnnealingLaw law, LearningRateSchedule schedule, long iterations, double noise = 0, int seed = 1)
    {
        var rate = LearningRateSchedules.Function(schedule, 1e-3, Warmup, iterations);
        var areas = ScheduleAreas.Of(rate, iterations);
        var random = new Random(seed);
        var evaluations = new SortedSet<long> { iterations };
        for (var k = 0; k < 20; k++) evaluations.Add((long)Math.Round(Math.Pow(iterations, k / 19.0)));
        for (var k = 1; k <= 20; k++) evaluations.Add(iterations * k / 20);
        var curve = evaluations.Select(i =>
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var loss = law.Loss(areas.S1(i), areas.S2(i)) * Math.Exp(noise * gaussian);
            return new CurvePoint(i, i * 1024, i * 1e9, loss, loss, rate(i - 1), i * 0.1, 1e4);
        }).ToList();
        return (curve, law.Loss(areas.S1(iterations), areas.S2(iterations)));
    }

    private static List<CurvePoint> Prefix(List<CurvePoint> curve, double fraction) =>
        curve.Where(p => p.Iteration <= fraction * curve[^1].Iteration).ToList();

    [Fact]
    public void Schedule_rule_is_the_engines_warmup_then_constant_or_cosine_to_a_tenth()
    {
        Assert.Equal(1e-3 / 51, LearningRateSchedules.At(LearningRateSchedule.Constant, 1e-3, 50, 1000, 0), 15);
        Assert.Equal(1e-3, LearningRateSchedules.At(LearningRateSchedule.Constant, 1e-3, 50, 1000, 999));
        Assert.Equal(1e-3, LearningRateSchedules.At(LearningRateSchedule.Cosine, 1e-3, 50, 1000, 50), 15);
        Assert.Equal(1e-4, LearningRateSchedules.At(LearningRateSchedule.Cosine, 1e-3, 50, 1000, 1000), 15);
        Assert.Equal(5.5e-4, LearningRateSchedules.At(LearningRateSchedule.Cosine, 1e-3, 50, 1000, 525), 12);
    }

    [Fact]
    public void Areas_of_a_constant_schedule_are_the_shifted_iterations_and_no_annealing()
    {
        var areas = ScheduleAreas.Of(LearningRateSchedules.Function(LearningRateSchedule.Constant, 3e-3, Warmup, 1000), 1000);
        Assert.Equal(1000 - Warmup + Warmup / 2.0, areas.S1(1000), 6);
        Assert.Equal(0, areas.S2(1000));
        Assert.Equal(Warmup, areas.PeakStep);
        var cosine = ScheduleAreas.Of(LearningRateSchedules.Function(LearningRateSchedule.Cosine, 3e-3, Warmup, 1000), 1000);
        Assert.True(cosine.S1(1000) < areas.S1(1000) && cosine.S2(1000) > 0 && cosine.S2(500) < cosine.S2(1000));
    }

    [Fact]
    public void A_constant_schedule_curve_from_the_law_is_recovered_from_its_first_half()
    {
        var law = new AnnealingLaw(2.0, 6.0, 0.45, 0);
        var (curve, final) = LawCurve(law, LearningRateSchedule.Constant, 2000);

        var forecast = LossForecaster.Run(Prefix(curve, 0.5), 2000, LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 2000), resamples: 20);

        Assert.Equal(final, forecast.FinalLoss, final * 1e-3);
        Assert.Equal(1000, forecast.FromIteration);
        Assert.Equal(2000, forecast.ToIteration);
        Assert.Equal(0.45, forecast.Law!.Alpha, 0.05);
        Assert.Equal(2.0, forecast.Law.L0, 0.1);
        Assert.True(forecast.Interval[0] <= final && final <= forecast.Interval[1]);
        Assert.Equal("evaluations", forecast.Basis!.Of);
        Assert.Equal(20, forecast.Basis.Resamples);
    }

    [Fact]
    public void A_cosine_curve_with_an_annealing_drop_is_recovered_where_a_power_law_in_iterations_is_not()
    {
        var law = new AnnealingLaw(2.0, 6.0, 0.45, 0.002);
        var (curve, final) = LawCurve(law, LearningRateSchedule.Cosine, 2000);
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Cosine, 1e-3, Warmup, 2000);
        var half = Prefix(curve, 0.5);

        var forecast = LossForecaster.Run(half, 2000, plan, resamples: 20);

        Assert.True(forecast.Law!.C > 0, "the annealing term is fitted once the prefix has seen annealing");
        Assert.Equal(final, forecast.FinalLoss, final * 0.01);
        // The same prefix read as a constant-rate run misses the annealing drop.
        var constant = LossForecaster.Run(half, 2000, LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 2000), resamples: 0);
        Assert.True(Math.Abs(constant.FinalLoss / final - 1) > 2 * Math.Abs(forecast.FinalLoss / final - 1));
    }

    [Fact]
    public void The_learning_rate_column_is_used_for_the_observed_part_and_the_schedule_read_off_the_curve()
    {
        var law = new AnnealingLaw(2.0, 6.0, 0.45, 0.002);
        var (curve, final) = LawCurve(law, LearningRateSchedule.Cosine, 2000);
        var half = Prefix(curve, 0.5);

        var planned = LossForecaster.PlannedRate(half, 2000);

        var expected = LearningRateSchedules.At(LearningRateSchedule.Cosine, 1e-3, Warmup, 2000, 1500);
        Assert.Equal(expected, planned(1500), expected * 1e-3); // the peak is the curve's highest evaluated rate
        Assert.Equal(final, LossForecaster.Run(half, 2000, planned, resamples: 0).FinalLoss, final * 0.01);
    }

    [Fact]
    // On curves that follow the law the calibration term (sized for real curves' misses) makes the interval
    // conservative: 40 of 40 covered when written (docs/science.md).
    public void The_interval_covers_the_final_loss_of_noisy_law_curves_at_least_at_the_rate_claimed()
    {
        var law = new AnnealingLaw(2.5, 5.0, 0.35, 0);
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 1000);
        var (covered, total) = (0, 40);
        var errors = new List<double>();
        for (var seed = 1; seed <= total; seed++)
        {
            var (curve, _) = LawCurve(law, LearningRateSchedule.Constant, 1000, noise: 0.005, seed: seed);
            var measured = curve[^1].TestLoss;
            var forecast = LossForecaster.Run(Prefix(curve, 0.5), 1000, plan, resamples: 50, seed: seed);
            if (forecast.Interval[0] <= measured && measured <= forecast.Interval[1]) covered++;
            errors.Add(Math.Abs(forecast.FinalLoss / measured - 1));
        }
        errors.Sort();
        Assert.True(covered >= 0.9 * total && errors[total / 2] < 0.02, $"{covered} of {total} covered; median error {errors[total / 2]:P2}, largest {errors[^1]:P2}");
    }

    [Fact]
    public void Every_weighting_agrees_on_a_curve_that_follows_the_law_so_the_average_is_the_law()
    {
        var law = new AnnealingLaw(2.0, 6.0, 0.45, 0);
        var (curve, final) = LawCurve(law, LearningRateSchedule.Constant, 2000);
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 2000);

        var result = LossForecaster.Analyze(Prefix(curve, 0.5), 2000, plan, resamples: 0);

        Assert.Equal(5, LossForecaster.EnsembleWeights.Count);
        Assert.Contains(LossForecaster.LateWeight, LossForecaster.EnsembleWeights);
        Assert.True(result.EnsembleSpread < 1e-4, $"spread {result.EnsembleSpread}");
        Assert.Equal(final, result.Forecast.FinalLoss, final * 1e-4);
        var areas = ScheduleAreas.Of(plan, 2000);
        Assert.Equal(result.Forecast.Law!.Loss(areas.S1(2000), areas.S2(2000)), result.Forecast.FinalLoss, final * 1e-3);
    }

    [Fact]
    // L0 and α trade off along a long valley; the fit solves L0, A and C exactly for each α, so it reaches the bottom
    // (the compass search over (L0, α) it replaces stopped 3% short in L0 on the CLI tests' law curve, and the
    // weightings' average then missed that curve's final loss by 0.25%).
    public void The_fit_converges_to_the_law_of_a_noise_free_curve_for_every_weighting()
    {
        var law = new AnnealingLaw(2.0, 6.0, 0.45, 0);
        var (curve, final) = LawCurve(law, LearningRateSchedule.Constant, 1000);
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 1000);

        var result = LossForecaster.Analyze(Prefix(curve, 0.5), 1000, plan, resamples: 0);

        Assert.Equal(2.0, result.Forecast.Law!.L0, 2e-3);
        Assert.Equal(0.45, result.Forecast.Law.Alpha, 1e-3);
        Assert.Equal(6.0, result.Forecast.Law.A, 1e-2);
        Assert.True(result.EnsembleSpread < 1e-5, $"spread {result.EnsembleSpread}");
        Assert.Equal(final, result.Forecast.FinalLoss, final * 1e-5);
    }

    [Fact]
    // The reason for averaging the weightings: on noisy curves of one law it errs less than the weighting it replaces.
    public void On_noisy_law_curves_the_average_over_weightings_errs_less_than_the_recent_weighted_fit_alone()
    {
        var law = new AnnealingLaw(2.5, 5.0, 0.35, 0);
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 1000);
        var areas = ScheduleAreas.Of(plan, 1000);
        var (ensemble, central) = (new List<double>(), new List<double>());
        for (var seed = 1; seed <= 30; seed++)
        {
            var (curve, truth) = LawCurve(law, LearningRateSchedule.Constant, 1000, noise: 0.005, seed: seed);
            var forecast = LossForecaster.Run(Prefix(curve, 0.5), 1000, plan, resamples: 0);
            ensemble.Add(Math.Abs(forecast.FinalLoss / truth - 1));
            central.Add(Math.Abs(forecast.Law!.Loss(areas.S1(1000), areas.S2(1000)) / truth - 1));
        }
        Assert.True(ensemble.Average() < central.Average(), $"mean error {ensemble.Average():P2} averaged, {central.Average():P2} with weight exponent {LossForecaster.LateWeight} alone");
    }

    [Fact]
    // A curve that leaves one law for another (a plateau, then a second drop that has begun by the cut): the
    // weightings disagree, and their spread widens the interval on both sides.
    public void A_curve_whose_slope_changes_spreads_the_weightings_and_widens_the_interval()
    {
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 2000);
        var (smooth, _) = LawCurve(new AnnealingLaw(2.0, 6.0, 0.45, 0), LearningRateSchedule.Constant, 2000);
        var drop = smooth.Select(p => p with { TestLoss = p.TestLoss - 0.3 / (1 + Math.Exp(-(p.Iteration - 800) / 100.0)) }).ToList();

        var a = LossForecaster.Analyze(Prefix(smooth, 0.5), 2000, plan, resamples: 20);
        var b = LossForecaster.Analyze(Prefix(drop, 0.5), 2000, plan, resamples: 20);

        Assert.True(b.EnsembleSpread > 10 * Math.Max(a.EnsembleSpread, 1e-4), $"spread {b.EnsembleSpread} against {a.EnsembleSpread}");
        double Width(ForecastComponents c) => Math.Log(c.Forecast.Interval[1]!.Value / c.Forecast.Interval[0]!.Value);
        Assert.True(Width(b) > Width(a), $"width {Width(b):F4} against {Width(a):F4}");
    }

    [Fact]
    // κ below (a second drop) is larger than κ above, so the interval reaches further down than up.
    public void The_interval_reaches_further_below_the_forecast_than_above()
    {
        var (curve, _) = LawCurve(new AnnealingLaw(2.0, 6.0, 0.45, 0), LearningRateSchedule.Constant, 2000);
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 2000);

        var f = LossForecaster.Run(Prefix(curve, 0.3), 2000, plan, resamples: 20);

        Assert.True(LossForecaster.Calibration > LossForecaster.CalibrationAbove);
        Assert.True(Math.Log(f.FinalLoss / f.Interval[0]!.Value) > 2 * Math.Log(f.Interval[1]!.Value / f.FinalLoss), $"[{f.Interval[0]}, {f.Interval[1]}] around {f.FinalLoss}");
    }

    [Fact]
    public void Too_few_evaluations_after_warmup_are_refused_naming_the_curve()
    {
        var (curve, _) = LawCurve(new AnnealingLaw(2, 6, 0.45, 0), LearningRateSchedule.Constant, 1000);
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 1000);
        var early = curve.Where(p => p.Iteration <= 100).ToList();

        var e = Assert.Throws<ArgumentException>(() => LossForecaster.Run(early, 1000, plan));

        Assert.Equal("curve", e.ParamName);
        Assert.Contains("needs at least 5", e.Message);
        Assert.Equal("curve", Assert.Throws<ArgumentException>(() => LossForecaster.Run([], 1000, plan)).ParamName);
    }

    [Fact]
    public void A_target_below_the_curves_last_iteration_is_refused_naming_iterations()
    {
        var (curve, _) = LawCurve(new AnnealingLaw(2, 6, 0.45, 0), LearningRateSchedule.Constant, 1000);
        var plan = LearningRateSchedules.Function(LearningRateSchedule.Constant, 1e-3, Warmup, 1000);

        var e = Assert.Throws<ArgumentException>(() => LossForecaster.Run(curve, 999, plan));

        Assert.Equal("iterations", e.ParamName);
        Assert.Contains("below the curve's last evaluation, iteration 1000", e.Message);
    }
}
