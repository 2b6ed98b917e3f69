using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Analysis.Forecasts;

/// <summary>What a forecast's interval is made of, for the replay that calibrates it (bench/forecast).</summary>
/// <param name="SigmaFit">SD of ln(final loss) over the block-bootstrap resamples of the fit's residuals.</param>
/// <param name="ModelSpread">|ln(forecast of the last half of the evaluations) − ln(forecast)|: how much the curve's recent trend disagrees with its whole.</param>
/// <param name="Horizon">ln(S1(to) / S1(from)): how far, in forward area, the forecast extrapolates.</param>
/// <param name="LateForecast">The forecast of the fit to the last half of the evaluations alone.</param>
/// <param name="EnsembleSpread">SD of ln(final loss) over the fits of <see cref="LossForecaster.EnsembleWeights"/> (0 with one member).</param>
public sealed record ForecastComponents(Forecast Forecast, double SigmaFit, double ModelSpread, double Horizon, double LateForecast, double EnsembleSpread = 0);

/// <summary>
/// Forecasts a run's final test loss from a prefix of its curve and its learning-rate schedule with the annealing law
/// (<see cref="AnnealingLaw"/>). The fit uses the evaluations after warmup, weighted toward the latest, minimizing the
/// squared relative error with L0 in [0, min L), α in [0.01, 3], A ≥ 0, C ≥ 0 (C fitted only once the prefix has
/// seen a tenth of the schedule's annealing area, else 0). The forecast F is the geometric mean over the weightings
/// <see cref="EnsembleWeights"/>. The 95% interval is lognormal around F, [F·e^(−1.96σ−), F·e^(1.96σ+)] with
/// σ±² = σ_fit² + spread² + σ_w² + (κ±·√horizon)², σ_w the weightings' spread (see <see cref="ForecastComponents"/>);
/// κ± (<see cref="Calibration"/>, <see cref="CalibrationAbove"/>) were measured on the calibration half of the
/// docs/data replay (docs/benchmarks.md, "Forecasts").
/// </summary>
public static class LossForecaster
{
    /// <summary>Evaluations after warmup a forecast needs: three parameters and two degrees of freedom for the noise.</summary>
    public const int MinimumEvaluations = 5;

    /// <summary>
    /// κ below: the relative error, per √(ln forward area extrapolated), by which a curve ends below its forecast beyond
    /// what the fit's own spread explains (a plateau's second drop); measured so that 2.5% of the calibration half's
    /// forecasts end below the interval (bench/OrleansScaling.Bench.Forecast --calibrate).
    /// </summary>
    public const double Calibration = 0.073;

    /// <summary>κ above: the same for curves ending above the forecast; the calibration half needs none (≤ 2.5% miss above without it).</summary>
    public const double CalibrationAbove = 0.0;

    /// <summary>Weights w = (iteration / last iteration)^LateWeight: the recent curve counts more. The fit with this
    /// exponent is the one the bootstrap, the recent-trend term and <see cref="Forecast.Law"/> use.</summary>
    public const double LateWeight = 6.0;

    /// <summary>
    /// The point forecast is the geometric mean of the fits with these weight exponents (the grid over which 6 was
    /// chosen): averaging over the weighting instead of betting on one of them. Chosen on the calibration half of the
    /// docs/data replay (docs/science.md, "Forecasts").
    /// </summary>
    public static readonly IReadOnlyList<double> EnsembleWeights = [2.0, 4.0, 6.0, 8.0, 12.0];

    /// <summary>The calibration term grows as horizon^HorizonPower: with 1 the 20% cut was over-covered and 50% under-covered on the calibration half.</summary>
    public const double HorizonPower = 0.5;

    public const int DefaultResamples = 200;

    /// <summary>The longest run a forecast integrates the schedule over (two passes of this many rates).</summary>
    public const long MaximumIterations = 1_000_000_000;
    private const double Z95 = 1.959963984540054;

    public static Forecast Run(IReadOnlyList<CurvePoint> curve, long iterations, Func<long, double> plannedRate, int resamples = DefaultResamples, int seed = 1) =>
        Analyze(curve, iterations, plannedRate, resamples, seed).Forecast;

    /// <summary>
    /// The forecast with its interval's parts. <paramref name="plannedRate"/> is the schedule's rate at each step
    /// (from 0); where the curve has a learningRate column its rates replace the planned ones up to its last evaluation.
    /// </summary>
    public static ForecastComponents Analyze(IReadOnlyList<CurvePoint> curve, long iterations, Func<long, double> plannedRate,
        int resamples = DefaultResamples, int seed = 1, double? calibration = null, double? calibrationAbove = null)
    {
        if (curve is null || curve.Count == 0) throw new ArgumentException($"the curve is empty: a forecast needs at least {MinimumEvaluations} evaluations after warmup.", nameof(curve));
        for (var i = 1; i < curve.Count; i++)
            if (curve[i].Iteration <= curve[i - 1].Iteration)
                throw new ArgumentException($"the curve is not sorted: iteration {curve[i].Iteration} follows {curve[i - 1].Iteration}.", nameof(curve));
        var last = curve[^1].Iteration;
        if (iterations < last)
            throw new ArgumentException($"iterations {iterations} is below the curve's last evaluation, iteration {last}: forecast to the run's planned length, at least {last}.", nameof(iterations));
        if (iterations > MaximumIterations)
            throw new ArgumentException($"iterations {iterations:N0} is beyond the {MaximumIterations:N0} a forecast integrates the schedule over.", nameof(iterations));
        if (resamples < 0) throw new ArgumentException($"resamples must be 0 or more (got {resamples}).", nameof(resamples));
        var areas = ScheduleAreas.Of(ObservedRates(curve, plannedRate), iterations, curve.Select(p => p.Iteration));
        var warmupEnd = areas.PeakStep + 1;
        var usable = curve.Where(p => p.Iteration > warmupEnd && double.IsFinite(p.TestLoss) && p.TestLoss > 0).ToList();
        if (usable.Count < MinimumEvaluations)
            throw new ArgumentException($"the curve has {usable.Count} evaluations after warmup (iteration {warmupEnd}); a forecast needs at least {MinimumEvaluations}.", nameof(curve));

        var fitC = areas.S2(iterations) > 0 && areas.S2(last) >= 0.1 * areas.S2(iterations);
        var obs = Observations(usable, areas, last, LateWeight);
        var fit = Fit(obs, fitC, start: null) ?? throw new ArgumentException("the curve could not be fitted: no decreasing trend after warmup.", nameof(curve));
        var (s1T, s2T) = (areas.S1(iterations), areas.S2(iterations));
        var (final, ensembleSpread) = Ensemble(usable, areas, last, fitC, fit, s1T, s2T);

        var late = obs.Skip(Math.Max(0, Math.Min(obs.Length / 2, obs.Length - MinimumEvaluations))).ToArray();
        var lateFit = Fit(late, fitC, start: null);
        var lateFinal = lateFit?.Loss(s1T, s2T) ?? final;
        var spread = lateFit is null ? 0 : Math.Abs(Math.Log(lateFinal / final));

        var (sigmaFit, degenerate) = BootstrapSigma(obs, fit, fitC, s1T, s2T, resamples, seed);
        var horizon = Math.Log(s1T / areas.S1(last));
        var extra = Math.Pow(horizon, HorizonPower);
        var model = sigmaFit * sigmaFit + spread * spread + ensembleSpread * ensembleSpread;
        var below = Math.Sqrt(model + Math.Pow((calibration ?? Calibration) * extra, 2));
        var above = Math.Sqrt(model + Math.Pow((calibrationAbove ?? CalibrationAbove) * extra, 2));
        double?[] interval = double.IsFinite(below) && double.IsFinite(above) && final > 0
            ? [final * Math.Exp(-Z95 * below), final * Math.Exp(Z95 * above)]
            : [null, null];
        var basis = new IntervalBasis(usable.Count, IntervalBasis.Evaluations,
            "lognormal: block-bootstrap fit spread, recent-trend and weighting spread, calibrated horizon term", resamples, degenerate,
            fitC ? null : areas.S2(iterations) > 0 ? "annealing term C not fitted: the curve has seen under a tenth of the schedule's annealing" : null);
        var forecast = new Forecast(final, interval, last, iterations) { Basis = basis, Law = fit };
        return new ForecastComponents(forecast, sigmaFit, spread, horizon, lateFinal, ensembleSpread);
    }

    /// <summary>
    /// The run's planned rate per step when only its curve is at hand: the schedule (default: cosine if the curve's rate
    /// has fallen below 99% of its peak, else constant), the peak (default: the curve's highest rate, else RunSpec's
    /// 1e-3) and the warmup (default: from the first evaluation's rate, as the engine's warmup gives step i the rate
    /// peak·(i+1)/(warmup+1); else RunSpec's 100). The rule itself is <see cref="LearningRateSchedules"/>.
    /// </summary>
    public static Func<long, double> PlannedRate(IReadOnlyList<CurvePoint> curve, long iterations,
        LearningRateSchedule? schedule = null, double? peak = null, int? warmup = null)
    {
        if (peak is { } p && !(p > 0 && double.IsFinite(p))) throw new ArgumentException($"the peak learning rate must be a positive number (got {p}).", "lr");
        if (warmup is < 0) throw new ArgumentException($"warmup must be 0 or more iterations (got {warmup}).", "warmup");
        var rated = curve.Where(r => double.IsFinite(r.LearningRate) && r.LearningRate > 0 && r.Iteration >= 1).ToList();
        var top = peak ?? (rated.Count > 0 ? rated.Max(r => r.LearningRate) : 1e-3);
        var ramp = warmup ?? (rated.Count == 0 ? 100
            : rated[0].LearningRate >= 0.99 * top ? 0
            : Math.Max(0, (int)Math.Round(top * rated[0].Iteration / rated[0].LearningRate) - 1));
        var shape = schedule ?? (rated.Count > 0 && rated[^1].LearningRate < 0.99 * top && rated[^1].Iteration > ramp
            ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant);
        return LearningRateSchedules.Function(shape, top, ramp, iterations);
    }

    /// <summary>The curve's own rates (linear between evaluations; row I holds step I−1's rate) up to its last evaluation, the plan after.</summary>
    internal static Func<long, double> ObservedRates(IReadOnlyList<CurvePoint> curve, Func<long, double> plannedRate)
    {
        var known = curve.Where(p => double.IsFinite(p.LearningRate) && p.LearningRate >= 0 && p.Iteration >= 1)
            .Select(p => (Step: p.Iteration - 1, Rate: p.LearningRate)).ToArray();
        if (known.Length == 0) return plannedRate;
        var lastStep = known[^1].Step;
        var steps = known.Select(k => k.Step).ToArray();
        return step =>
        {
            if (step > lastStep) return plannedRate(step);
            if (step <= known[0].Step) return step == known[0].Step || known[0].Step == 0 ? known[0].Rate : plannedRate(step);
            var at = Array.BinarySearch(steps, step);
            var hi = at >= 0 ? at : ~at;
            if (known[hi].Step == step) return known[hi].Rate;
            var (a, b) = (known[hi - 1], known[hi]);
            return a.Rate + (b.Rate - a.Rate) * (step - a.Step) / (b.Step - a.Step);
        };
    }

    internal readonly record struct Observation(double LogS1, double S2, double Loss, double Weight);

    private static Observation[] Observations(IReadOnlyList<CurvePoint> usable, ScheduleAreas areas, long last, double lateWeight) =>
        usable.Select(p => new Observation(Math.Log(areas.S1(p.Iteration)), areas.S2(p.Iteration), p.TestLoss,
            Math.Pow((double)p.Iteration / last, lateWeight) / (p.TestLoss * p.TestLoss))).ToArray();

    /// <summary>
    /// The geometric mean of the final losses of the fits with each of <see cref="EnsembleWeights"/> (the fit with
    /// <see cref="LateWeight"/> is <paramref name="central"/>, already made) and their SD in ln; a weighting whose fit
    /// fails is left out.
    /// </summary>
    private static (double Final, double Spread) Ensemble(IReadOnlyList<CurvePoint> usable, ScheduleAreas areas, long last, bool fitC,
        AnnealingLaw central, double s1T, double s2T)
    {
        var logs = new List<double>(EnsembleWeights.Count);
        foreach (var weight in EnsembleWeights)
        {
            var member = weight == LateWeight ? central : Fit(Observations(usable, areas, last, weight), fitC, start: null);
            var final = member?.Loss(s1T, s2T);
            if (final is { } f && double.IsFinite(f) && f > 0) logs.Add(Math.Log(f));
        }
        if (logs.Count == 0) return (central.Loss(s1T, s2T), 0);
        var mean = logs.Average();
        var sd = logs.Count < 2 ? 0 : Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Count - 1));
        return (Math.Exp(mean), sd);
    }

    /// <summary>Weighted least squares of L on the law: a grid over (L0, ln α) with A and C solved exactly, then a compass search.</summary>
    internal static AnnealingLaw? Fit(Observation[] obs, bool fitC, AnnealingLaw? start)
    {
        if (obs.Length < 3) return null;
        var top = obs.Min(o => o.Loss) * 0.999;
        const double lnAlphaLo = -4.6, lnAlphaHi = 1.0986; // α in [0.01, 3]
        double bestU, bestV, bestSse;
        if (start is null)
        {
            (bestU, bestV, bestSse) = (0, 0, double.PositiveInfinity);
            const int grid = 32;
            for (var i = 0; i < grid; i++)
            for (var j = 0; j < grid; j++)
            {
                var u = i / (grid - 1.0);
                var v = lnAlphaLo + (lnAlphaHi - lnAlphaLo) * j / (grid - 1.0);
                var sse = Solve(obs, u * top, Math.Exp(v), fitC).Sse;
                if (sse < bestSse) (bestU, bestV, bestSse) = (u, v, sse);
            }
        }
        else
        {
            (bestU, bestV) = (Math.Clamp(start.L0 / top, 0, 1), Math.Clamp(Math.Log(start.Alpha), lnAlphaLo, lnAlphaHi));
            bestSse = Solve(obs, bestU * top, Math.Exp(bestV), fitC).Sse;
        }
        double du = 1.0 / 31, dv = (lnAlphaHi - lnAlphaLo) / 31;
        for (var round = 0; round < 40 && (du > 1e-6 || dv > 1e-6); round++)
        {
            var moved = false;
            foreach (var (su, sv) in new[] { (1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1) })
            {
                var u = Math.Clamp(bestU + su * du, 0, 1);
                var v = Math.Clamp(bestV + sv * dv, lnAlphaLo, lnAlphaHi);
                var sse = Solve(obs, u * top, Math.Exp(v), fitC).Sse;
                if (sse < bestSse) { (bestU, bestV, bestSse) = (u, v, sse); moved = true; }
            }
            if (!moved) { du /= 2; dv /= 2; }
        }
        var (a, c, final) = Solve(obs, bestU * top, Math.Exp(bestV), fitC);
        if (!(a > 0) || !double.IsFinite(final)) return null;
        return new AnnealingLaw(bestU * top, a, Math.Exp(bestV), c);
    }

    private static (double A, double C, double Sse) Solve(Observation[] obs, double l0, double alpha, bool fitC)
    {
        double sxx = 0, sxz = 0, szz = 0, sxy = 0, szy = 0;
        foreach (var o in obs)
        {
            var x = Math.Exp(-alpha * o.LogS1);
            var y = o.Loss - l0;
            sxx += o.Weight * x * x; sxy += o.Weight * x * y;
            if (fitC) { sxz += o.Weight * x * o.S2; szz += o.Weight * o.S2 * o.S2; szy += o.Weight * o.S2 * y; }
        }
        if (sxx <= 0) return (0, 0, double.PositiveInfinity);
        double a = sxy / sxx, c = 0;
        if (fitC)
        {
            var det = sxx * szz - sxz * sxz;
            if (det > 1e-12 * sxx * szz)
            {
                var p = (sxy * szz - szy * sxz) / det;
                var q = (szy * sxx - sxy * sxz) / det;
                if (-q > 0) (a, c) = (p, -q);
            }
        }
        a = Math.Max(a, 0);
        double sse = 0;
        foreach (var o in obs)
        {
            var r = o.Loss - l0 - a * Math.Exp(-alpha * o.LogS1) + c * o.S2;
            sse += o.Weight * r * r;
        }
        return (a, c, sse);
    }

    /// <summary>SD of ln(final loss) over moving-block bootstrap resamples of the fit's relative residuals, in order.</summary>
    private static (double Sigma, int Degenerate) BootstrapSigma(Observation[] obs, AnnealingLaw fit, bool fitC, double s1T, double s2T, int resamples, int seed)
    {
        if (resamples == 0) return (0, 0);
        var n = obs.Length;
        var fitted = obs.Select(o => fit.Loss(Math.Exp(o.LogS1), o.S2)).ToArray();
        var residuals = obs.Select((o, i) => Math.Log(o.Loss / fitted[i])).ToArray();
        var block = Math.Max(2, (int)Math.Ceiling(Math.Cbrt(n)));
        var random = new Random(seed);
        var finals = new List<double>(resamples);
        var degenerate = 0;
        var resample = new Observation[n];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < n;)
            {
                var startAt = random.Next(0, n - block + 1);
                for (var k = 0; k < block && i < n; k++, i++)
                {
                    var loss = fitted[i] * Math.Exp(residuals[startAt + k]);
                    resample[i] = obs[i] with { Loss = loss, Weight = obs[i].Weight * obs[i].Loss * obs[i].Loss / (loss * loss) };
                }
            }
            var refit = Fit(resample, fitC, fit);
            var final = refit?.Loss(s1T, s2T);
            if (final is { } f && double.IsFinite(f) && f > 0) finals.Add(Math.Log(f));
            else degenerate++;
        }
        if (finals.Count < 2) return (double.NaN, degenerate);
        var mean = finals.Average();
        return (Math.Sqrt(finals.Sum(x => (x - mean) * (x - mean)) / (finals.Count - 1)), degenerate);
    }
}
