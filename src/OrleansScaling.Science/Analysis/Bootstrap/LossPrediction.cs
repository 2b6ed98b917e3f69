using MathNet.Numerics.Distributions;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>The loss a fit predicts for N parameters trained on D tokens (FLOPs = 6·N·D), with its 95% prediction interval.</summary>
public sealed record LossPrediction(double Params, double Tokens, double Flops, double Loss, double?[] Interval);

/// <summary>A held-out run: the loss predicted by the fit on the cheaper runs against the loss measured.</summary>
public sealed record HoldoutRow(double Params, double Tokens, double Flops, double Measured, double Predicted, double?[] Interval, bool Inside);

/// <summary>
/// Predictions from a bootstrapped fit. The loss is the point fit's. The interval is a prediction interval for a
/// measured run: every sample's L_k(N, D) is combined with each of <see cref="NoiseQuantiles"/> standard-normal
/// quantiles z_j at (j − ½)/J as L_k·exp(σ·z_j), where σ is the fit's run scatter
/// (<see cref="FitResiduals.RunScatter"/>), and the interval is the 2.5th–97.5th percentile of them all. It covers
/// both the fit's uncertainty and a run's own scatter, and needs no random draws.
/// </summary>
public static class LossPredictor
{
    public static LossPrediction Predict(ParametricLossFit fit, IReadOnlyList<ParametricLossFit> samples, double logResidualSd, double parameters, double tokens)
    {
        if (!(parameters > 0 && double.IsFinite(parameters))) throw new ArgumentException($"params must be a positive number (got {parameters}).", "params");
        if (!(tokens > 0 && double.IsFinite(tokens))) throw new ArgumentException($"tokens must be a positive number (got {tokens}).", "tokens");
        var values = samples.SelectMany(s => Noise.Select(z => s.Loss(parameters, tokens) * Math.Exp(logResidualSd * z)));
        return new LossPrediction(parameters, tokens, 6 * parameters * tokens, fit.Loss(parameters, tokens), samples.Count == 0 ? [null, null] : Resampling.Interval(values));
    }

    /// <summary>
    /// The held-out split at <paramref name="flopsThreshold"/> (6·N·D): the runs at or below it, to fit on, and those
    /// above, to predict. Throws (naming holdoutAbove) when fewer than 5 runs lie at or below it or none above.
    /// </summary>
    public static (IReadOnlyList<LossObservation> Below, IReadOnlyList<LossObservation> Above) Split(IReadOnlyList<LossObservation> rows, double flopsThreshold)
    {
        var below = rows.Where(r => 6 * r.Params * r.Tokens <= flopsThreshold).ToList();
        var above = rows.Where(r => 6 * r.Params * r.Tokens > flopsThreshold).ToList();
        if (below.Count < 5)
            throw new ArgumentException($"only {below.Count} run(s) at or below {flopsThreshold:G4} FLOPs; the fit needs 5: choose a larger threshold.", "holdoutAbove");
        if (above.Count == 0)
            throw new ArgumentException($"no run above {flopsThreshold:G4} FLOPs to hold out: choose a smaller threshold.", "holdoutAbove");
        return (below, above);
    }

    /// <summary>Each held-out run predicted by the fit (and its bootstrap) on the runs below, inside its interval or not.</summary>
    public static IReadOnlyList<HoldoutRow> Holdout(ParametricLossFit fit, ParametricBootstrap boot, double runScatter, IReadOnlyList<LossObservation> heldOut) =>
        heldOut.Select(r =>
        {
            var p = Predict(fit, boot.Samples, runScatter, r.Params, r.Tokens);
            var inside = p.Interval[0] is { } lo && p.Interval[1] is { } hi && r.Loss >= lo && r.Loss <= hi;
            return new HoldoutRow(r.Params, r.Tokens, p.Flops, r.Loss, p.Loss, p.Interval, inside);
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

    private static readonly double[] Noise = Enumerable.Range(0, NoiseQuantiles).Select(j => Normal.InvCDF(0, 1, (j + 0.5) / NoiseQuantiles)).ToArray();
}
