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
    public const double Calibration = 0.072;

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

    /// <summary>
    /// Weighted least squares of L on the law. For a given α the law is linear in L0, A and C, which are solved exactly
    /// under their bounds (L0 ∈ [0, 0.999·min L], A &gt; 0, C ≥ 0: every face of the box is tried and the best feasible
    /// kept, which is the constrained optimum since the problem is convex in them); ln α is searched on a grid, then by
    /// golden section around the best grid point. With <paramref name="start"/> (a bootstrap refit) only the golden
    /// section runs, around the start's α.
    /// </summary>
    internal static AnnealingLaw? Fit(Observation[] obs, bool fitC, AnnealingLaw? start)
    {
        if (obs.Length < 3) return null;
        var top = obs.Min(o => o.Loss) * 0.999;
        const double lnAlphaLo = -4.6, lnAlphaHi = 1.0986; // α in [0.01, 3]
        const int grid = 48;
        const double step = (lnAlphaHi - lnAlphaLo) / (grid - 1);
        double Sse(double v) => SolveAt(obs, Math.Exp(v), fitC, top)?.Sse ?? double.PositiveInfinity;
        double centre;
        if (start is null)
        {
            (centre, var best) = (lnAlphaLo, double.PositiveInfinity);
            for (var j = 0; j < grid; j++)
            {
                var v = lnAlphaLo + step * j;
                var sse = Sse(v);
                if (sse < best) (centre, best) = (v, sse);
            }
            if (!double.IsFinite(best)) return null;
        }
        else centre = Math.Clamp(Math.Log(start.Alpha), lnAlphaLo, lnAlphaHi);
        var span = start is null ? step : 2 * step;
        double lo = Math.Max(lnAlphaLo, centre - span), hi = Math.Min(lnAlphaHi, centre + span);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo), f1 = Sse(x1), f2 = Sse(x2);
        while (hi - lo > 1e-7)
        {
            if (f1 <= f2) { (hi, x2, f2) = (x2, x1, f1); x1 = hi - ratio * (hi - lo); f1 = Sse(x1); }
            else { (lo, x1, f1) = (x1, x2, f2); x2 = lo + ratio * (hi - lo); f2 = Sse(x2); }
        }
        var candidates = new[] { centre, x1, x2 }.Select(v => (V: v, Fit: SolveAt(obs, Math.Exp(v), fitC, top)))
            .Where(c => c.Fit is not null).OrderBy(c => c.Fit!.Value.Sse).ToList();
        if (candidates.Count == 0) return null;
        var (vBest, fit) = (candidates[0].V, candidates[0].Fit!.Value);
        return new AnnealingLaw(fit.L0, fit.A, Math.Exp(vBest), fit.C);
    }

    /// <summary>The best (L0, A, C) for a given α under the bounds, or null when no face of the box has a feasible solution.</summary>
    private static (double L0, double A, double C, double Sse)? SolveAt(Observation[] obs, double alpha, bool fitC, double top)
    {
        (double L0, double A, double C, double Sse)? best = null;
        foreach (var l0Mode in new[] { 0, 1, 2 }) // free, at 0, at the top
        foreach (var cFree in fitC ? new[] { true, false } : [false])
        {
            var candidate = SolveFace(obs, alpha, l0Mode == 0 ? null : l0Mode == 1 ? 0 : top, cFree);
            if (candidate is not { } c || !(c.A > 0) || c.C < 0 || c.L0 < 0 || c.L0 > top || !double.IsFinite(c.Sse)) continue;
            if (best is null || c.Sse < best.Value.Sse) best = c;
        }
        return best;
    }

    /// <summary>Weighted least squares on one face: L0 free or fixed, C free or 0, A free; null when singular.</summary>
    private static (double L0, double A, double C, double Sse)? SolveFace(Observation[] obs, double alpha, double? l0, bool cFree)
    {
        // Unknowns in order: L0 (if free), A, C (if free); columns 1, x = S1^(−α), −S2.
        var k = (l0 is null ? 1 : 0) + 1 + (cFree ? 1 : 0);
        Span<double> m = stackalloc double[9];
        Span<double> r = stackalloc double[3];
        Span<double> col = stackalloc double[3];
        m.Clear(); r.Clear();
        foreach (var o in obs)
        {
            var x = Math.Exp(-alpha * o.LogS1);
            var i = 0;
            if (l0 is null) col[i++] = 1;
            col[i++] = x;
            if (cFree) col[i++] = -o.S2;
            var y = o.Loss - (l0 ?? 0);
            for (var a = 0; a < k; a++)
            {
                r[a] += o.Weight * col[a] * y;
                for (var b = 0; b < k; b++) m[a * 3 + b] += o.Weight * col[a] * col[b];
            }
        }
        Span<double> p = stackalloc double[3];
        if (!SolveSymmetric(m, r, p, k)) return null;
        var j = 0;
        var fitL0 = l0 ?? p[j++];
        var fitA = p[j++];
        var fitC = cFree ? p[j] : 0;
        double sse = 0;
        foreach (var o in obs)
        {
            var e = o.Loss - fitL0 - fitA * Math.Exp(-alpha * o.LogS1) + fitC * o.S2;
            sse += o.Weight * e * e;
        }
        return (fitL0, fitA, fitC, sse);
    }

    /// <summary>Gaussian elimination with partial pivoting on a k × k system (k ≤ 3, row-major with stride 3); false when singular.</summary>
    private static bool SolveSymmetric(Span<double> m, Span<double> r, Span<double> p, int k)
    {
        var scale = 0.0;
        for (var i = 0; i < k; i++) scale = Math.Max(scale, Math.Abs(m[i * 3 + i]));
        if (!(scale > 0)) return false;
        for (var c = 0; c < k; c++)
        {
            var pivot = c;
            for (var i = c + 1; i < k; i++) if (Math.Abs(m[i * 3 + c]) > Math.Abs(m[pivot * 3 + c])) pivot = i;
            if (Math.Abs(m[pivot * 3 + c]) < 1e-13 * scale) return false;
            if (pivot != c)
            {
                for (var b = 0; b < k; b++) (m[c * 3 + b], m[pivot * 3 + b]) = (m[pivot * 3 + b], m[c * 3 + b]);
                (r[c], r[pivot]) = (r[pivot], r[c]);
            }
            for (var i = c + 1; i < k; i++)
            {
                var f = m[i * 3 + c] / m[c * 3 + c];
                for (var b = c; b < k; b++) m[i * 3 + b] -= f * m[c * 3 + b];
                r[i] -= f * r[c];
            }
        }
        for (var i = k - 1; i >= 0; i--)
        {
            var sum = r[i];
            for (var b = i + 1; b < k; b++) sum -= m[i * 3 + b] * p[b];
            p[i] = sum / m[i * 3 + i];
        }
        return true;
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
