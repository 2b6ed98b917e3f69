using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// A bootstrapped parametric fit ready to predict: the point fit, its resampled fits and the run scatter. Made from
/// runs (the analyses' <see cref="ComputeOptimalLine.Model"/>) or read back from `osc analyze fit --bootstrap N --json` (the CLI's FitFile).
/// Runs: how many runs the fit rests on (the run scatter's n − 5 degrees of freedom set the prediction interval's
/// quantiles); null when unknown, and the prediction's basis says so.
/// </summary>
public sealed record LossModel(ParametricLossFit Fit, IReadOnlyList<ParametricLossFit> Samples, double RunScatter, int? Runs = null)
{
    public LossPrediction Predict(double parameters, double tokens) => LossPredictor.Predict(Fit, Samples, RunScatter, parameters, tokens, Runs);
}
