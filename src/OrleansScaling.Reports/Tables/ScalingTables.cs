using OrleansScaling.Reports.Study;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;
using static OrleansScaling.Reports.Tables.Markdown;

namespace OrleansScaling.Reports.Tables;

/// <summary>Table 3's frontier, the IsoFLOP optima, the approach-3 fit and the planner check, each beside the paper's 5 and Chinchilla's 20.</summary>
public static class ScalingTables
{
    public static string Frontier(FrontierResult frontier) =>
        Table(["params", "compute-optimal iterations", "tokens/param"],
            frontier.Sizes.Select(s => (IReadOnlyList<string>)[N(s.Params), Range(s.OptimalIterations, "N0"), Range(s.OptimalTokensPerParam, "0.00")]))
        + $"\nOverlap {Range(frontier.Overlap, "0.00")} tokens/param, geometric mean {F(frontier.GeometricMean, "0.00")} tokens/param; " +
          $"the paper: [{PaperValues.FrontierFrom}, {PaperValues.FrontierTo}], geometric mean {Math.Sqrt(PaperValues.FrontierFrom * PaperValues.FrontierTo):0.0} ≈ {PaperValues.PaperRatio}.\n";

    public static string IsoFlop(IsoFlopResult result) =>
        Table(["budget C (FLOPs)", "runs", "N* (params)", "D* (tokens)", "D*/N* (tokens/param)", "L* (nats)", "parabola R²", "N* inside the sizes run"],
            result.Budgets.Select(b => (IReadOnlyList<string>)[E(b.Budget), b.Runs.ToString(), N(b.OptimalParams), N(b.OptimalTokens), F(b.TokensPerParam, "0.00"),
                F(b.MinimumLoss), F(b.R2, "0.000"), b.Bracketed ? "yes" : "no (extrapolated)"]))
        + (result.ParamsExponent is { } a ? $"\nN* ∝ C^{a:0.00}, D* ∝ C^{result.TokensExponent:0.00} (two budgets or more).\n" : "")
        + $"\nThe paper's optimum: {PaperValues.PaperRatio} tokens/param; Chinchilla's: {PaperValues.ChinchillaRatio}.\n";

    public static string Fit(ParametricLossFit fit, IReadOnlyList<LossObservation> observations, IReadOnlyList<double> budgets) =>
        $"L(N, D) = {fit.E:0.000} + {fit.A:0.###}/N^{fit.Alpha:0.000} + {fit.B:0.###}/D^{fit.Beta:0.000} (nats), from {observations.Count} runs " +
        $"(Huber objective {fit.Objective:0.00e0}; {fit.Starts - fit.FailedStarts} of {fit.Starts} starts converged).\n\n" +
        Table(["budget C (FLOPs)", "N_opt (params)", "D_opt (tokens)", "D_opt/N_opt", "paper", "Chinchilla"],
            budgets.Select(c => (IReadOnlyList<string>)[E(c), N(fit.OptimalParams(c)), N(fit.OptimalTokens(c)), F(fit.OptimalTokensPerParam(c), "0.00"),
                PaperValues.PaperRatio.ToString(), PaperValues.ChinchillaRatio.ToString()]));

    public static string Planner(IReadOnlyList<PlannerCheck> checks) =>
        Table(["profile", "budget C (FLOPs)", "planner's choice (T/P ≈ 5)", "its loss: measured / parabola (nats)", "parabola minimum (nats)", "best run measured", "gap to best (nats)"],
            checks.Select(c => (IReadOnlyList<string>)[c.Profile, E(c.Budget), $"d{c.Chosen.DModel} L{c.Chosen.Layers}, {N(c.Chosen.Params)} params, T/P = {c.Chosen.Ratio:0.0}",
                $"{F(c.MeasuredLoss)} / {F(c.PredictedLoss)}", F(c.ParabolaMinimumLoss), $"{N(c.BestMeasuredParams)} params: {F(c.BestMeasuredLoss)}",
                F(c.GapToBest, "+0.000;−0.000")]));
}
