using MathNet.Numerics.Distributions;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>The loss a fit predicts for N parameters trained on D tokens (FLOPs = 6·N·D), with its 95% prediction interval.</summary>
public sealed record LossPrediction(double Params, double Tokens, double Flops, double Loss, double?[] Interval)
{
    /// <summary>What the interval rests on: the runs fitted, the bootstrap fits and the noise quantiles used.</summary>
    public IntervalBasis? Basis { get; init; }
}

/// <summary>A held-out run: the loss predicted by the fit on the cheaper runs against the loss measured.</summary>
public sealed record HoldoutRow(double Params, double Tokens, double Flops, double Measured, double Predicted, double?[] Interval, bool Inside)
{
    /// <summary>What the interval rests on (the same for every row of one check): runs fitted, resamples, unconverged.</summary>
    public IntervalBasis? Basis { get; init; }
}

/// <summary>
/// Predictions from a bootstrapped fit. The loss is the point fit's. The interval is a prediction interval for a
/// measured run: every sample's L_k(N, D) is combined with each of <see cref="NoiseQuantiles"/> standard-normal
/// quantiles z_j at (j − ½)/J as L_k·exp(σ·z_j), where σ is the fit's run scatter
/// (<see cref="FitResiduals.RunScatter"/>), and the interval is the 2.5th–97.5th percentile of them all. It covers
/// both the fit's uncertainty and a run's own scatter, and needs no random draws. σ is estimated from the n runs
/// with n − 5 degrees of freedom, so when n is known the z_j are Student-t quantiles with n − 5 dof (σ used as if
/// known, with normal quantiles, is too narrow at small n); with n unknown (a fit read back from a file) they are
/// normal quantiles and the basis says so. With 5 runs or fewer σ is not measured (0): the interval is the fit's
/// spread only, and the basis's note says it is too narrow for a run.
/// </summary>
public static class LossPredictor
{
    /// <param name="runs">How many runs the fit and σ rest on; null when unknown (normal quantiles).</param>
    /// <param name="unconverged">Resamples of the bootstrap that did not converge, for the basis.</param>
    public static LossPrediction Predict(ParametricLossFit fit, IReadOnlyList<ParametricLossFit> samples, double logResidualSd, double parameters, double tokens,
        int? runs = null, int unconverged = 0)
    {
        if (!(parameters > 0 && double.IsFinite(parameters))) throw new ArgumentException($"params must be a positive number (got {parameters}).", "params");
        if (!(tokens > 0 && double.IsFinite(tokens))) throw new ArgumentException($"tokens must be a positive number (got {tokens}).", "tokens");
        var noise = Quantiles(runs);
        var values = samples.SelectMany(s => noise.Select(z => s.Loss(parameters, tokens) * Math.Exp(logResidualSd * z)));
        return new LossPrediction(parameters, tokens, 6 * parameters * tokens, fit.Loss(parameters, tokens), samples.Count == 0 || ParametricBootstrap.TooManyUnconverged(samples.Count + unconverged, unconverged) ? [null, null] : Resampling.Interval(values))
        {
            Basis = Basis(runs, samples.Count, unconverged),
        };
    }

    public const string Method = "prediction interval: bootstrap fits × run scatter (t quantiles, n − 5 dof)";

    /// <summary>What a prediction interval from a fit on <paramref name="runs"/> runs and its bootstrap rests on.</summary>
    public static IntervalBasis Basis(int? runs, int samples, int unconverged = 0)
    {
        var resamples = samples + unconverged;
        var notes = new List<string>();
        if (runs is null) notes.Add("the number of runs is unknown: normal quantiles for the run scatter, too narrow if the fit rests on few runs");
        else if (runs <= ParametersFitted) notes.Add($"{runs} runs leave no degrees of freedom for the run scatter: the interval is the fit's spread only, too narrow for a run");
        if (samples == 0) notes.Add("no converged bootstrap fit: no interval");
        else if (ParametricBootstrap.TooManyUnconverged(resamples, unconverged))
            notes.Add($"{unconverged} of {resamples} resamples did not converge (over {ParametricBootstrap.MaxUnconvergedFraction:P0}): no interval (the rest would be too narrow)");
        return new IntervalBasis(runs ?? 0, IntervalBasis.Runs, runs is null ? "prediction interval: bootstrap fits × run scatter (normal quantiles)" : Method,
            resamples, unconverged, notes.Count == 0 ? null : string.Join("; ", notes));
    }

    /// <summary>
    /// The held-out split at <paramref name="flopsThreshold"/> (6·N·D): the runs at or below it, to fit on, and those
    /// above, to predict. Throws (naming holdoutAbove) when fewer than 5 runs lie at or below it or none above.
    /// </summary>
    public static (IReadOnlyList<LossObservation> Below, IReadOnlyList<LossObservation> Above) Split(IReadOnlyList<LossObservation> rows, double flopsThreshold)
    {
        var below = rows.Where(r => 6 * r.Params * r.Tokens <= flopsThreshold).ToList();
        var above = rows.Where(r => 6 * r.Params * r.Tokens > flopsThreshold).ToList();
        if (below.Count < AnalysisSettings.MinimumFitRuns)
            throw new ArgumentException($"only {below.Count} run(s) at or below {flopsThreshold:G4} FLOPs; the fit needs {AnalysisSettings.MinimumFitRuns}: choose a larger threshold.", "holdoutAbove");
        if (above.Count == 0)
            throw new ArgumentException($"no run above {flopsThreshold:G4} FLOPs to hold out: choose a smaller threshold.", "holdoutAbove");
        return (below, above);
    }

    /// <summary>Each held-out run predicted by the fit (and its bootstrap) on the runs below, inside its interval or not.</summary>
    /// <remarks>The runs the fit rests on are <paramref name="boot"/>'s (<see cref="ParametricBootstrap.Basis"/>.N).</remarks>
    public static IReadOnlyList<HoldoutRow> Holdout(ParametricLossFit fit, ParametricBootstrap boot, double runScatter, IReadOnlyList<LossObservation> heldOut) =>
        heldOut.Select(r =>
        {
            var p = Predict(fit, boot.Samples, runScatter, r.Params, r.Tokens, boot.Basis?.N, boot.Unconverged);
            var inside = p.Interval[0] is { } lo && p.Interval[1] is { } hi && r.Loss >= lo && r.Loss <= hi;
            return new HoldoutRow(r.Params, r.Tokens, p.Flops, r.Loss, p.Loss, p.Interval, inside) { Basis = p.Basis };
        }).ToList();

    /// <summary>
    /// The held-out check's threshold for runs at several budgets: halfway (in log) between the two largest, so the
    /// largest budget is held out (a run's own FLOPs differ from its budget by the planner's ±2%). Null for one budget.
    /// </summary>
    public static double? HoldoutThreshold(IEnumerable<double> budgets)
    {
        var sorted = budgets.Distinct().Order().ToList();
        return sorted.Count > 1 ? Math.Sqrt(sorted[^2] * sorted[^1]) : null;
    }

    /// <summary>The whole check: split at the threshold, fit and bootstrap the runs below, predict those above.</summary>
    public static IReadOnlyList<HoldoutRow> CheckHeldOut(IReadOnlyList<LossObservation> rows, double flopsThreshold, int resamples, int seed)
    {
        var (below, heldOut) = Split(rows, flopsThreshold);
        var fit = ParametricFitAnalysis.Fit(below);
        return Holdout(fit, ParametricFitBootstrap.Run(below, fit, resamples, seed), FitResiduals.RunScatter(fit, below), heldOut);
    }

    public const int NoiseQuantiles = 20;

    /// <summary>The parameters of L(N, D): the run scatter has n − 5 degrees of freedom (<see cref="FitResiduals"/>).</summary>
    public const int ParametersFitted = 5;

    private static readonly double[] Normal20 = Enumerable.Range(0, NoiseQuantiles).Select(j => Normal.InvCDF(0, 1, (j + 0.5) / NoiseQuantiles)).ToArray();

    /// <summary>The noise quantiles at (j − ½)/J: Student t with n − 5 dof when n is known and above 5, else normal.</summary>
    private static double[] Quantiles(int? runs) => runs is { } n && n > ParametersFitted
        ? Enumerable.Range(0, NoiseQuantiles).Select(j => StudentT.InvCDF(0, 1, n - ParametersFitted, (j + 0.5) / NoiseQuantiles)).ToArray()
        : Normal20;
}
