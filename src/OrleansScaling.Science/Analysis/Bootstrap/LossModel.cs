using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// A bootstrapped parametric fit ready to predict: the point fit, its resampled fits and the run scatter. Made from
/// runs (<see cref="FromRuns"/>) or read back from `osc analyze fit --bootstrap N --json` (the CLI's FitFile).
/// </summary>
public sealed record LossModel(ParametricLossFit Fit, IReadOnlyList<ParametricLossFit> Samples, double RunScatter)
{
    public LossPrediction Predict(double parameters, double tokens) => LossPredictor.Predict(Fit, Samples, RunScatter, parameters, tokens);

    /// <summary>Fits L(N, D) to the runs (at least 5) and bootstraps it; seconds of CPU, so call it off the UI thread.</summary>
    public static LossModel FromRuns(IReadOnlyList<LossObservation> runs, int resamples = 200, int seed = 1)
    {
        var fit = ParametricFitAnalysis.Fit(runs);
        var boot = ParametricFitBootstrap.Run(runs, fit, resamples, seed);
        return new LossModel(fit, boot.Samples, FitResiduals.RunScatter(fit, runs));
    }
}
