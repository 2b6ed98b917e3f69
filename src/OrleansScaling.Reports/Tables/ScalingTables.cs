using OrleansScaling.Science.Analysis;
using static OrleansScaling.Reports.Tables.Markdown;

namespace OrleansScaling.Reports.Tables;

/// <summary>Table 3's frontier, the IsoFLOP optima, the approach-3 fit and the planner check, each beside the paper's 5 and Chinchilla's 20.</summary>
public static class ScalingTables
{
    public static string Frontier(FrontierResult frontier) =>
        Table(["params", "compute-optimal iterations", "tokens/param"],
            frontier.Sizes.Select(s => (IReadOnlyList<string>)[N(s.Params), Range(s.OptimalIterations, "N0"), Range(s.OptimalTokensPerParam, "0.00")]))
        + "\n" + Overlap(frontier) +
          $" The paper: [{PaperValues.FrontierFrom}, {PaperValues.FrontierTo}], geometric mean {Math.Sqrt(PaperValues.FrontierFrom * PaperValues.FrontierTo):0.0} ≈ {PaperValues.PaperRatio}.\n";

    /// <summary>
    /// The overlap, said so that it cannot be read as a measured frontier when it is not one: an overlap open at its
    /// upper end means no size was overtaken before its last evaluation, so no crossing, and no frontier, was measured.
    /// </summary>
    private static string Overlap(FrontierResult frontier) => frontier.Overlap switch
    {
        [_, null] => $"No frontier measured: the sizes' ranges are open at the upper end (no size was overtaken by a larger one before its last evaluation), so the overlap {Range(frontier.Overlap, "0.00")} tokens/param is only a lower bound and has no geometric mean.",
        [_, _] => $"Overlap {Range(frontier.Overlap, "0.00")} tokens/param, geometric mean {F(frontier.GeometricMean, "0.00")} tokens/param.",
        _ => "No overlap: the sizes' tokens/param ranges do not intersect.",
    };

    public static string IsoFlop(IReadOnlyList<IsoFlopParabola> parabolas, IsoFlopTrend? trend) =>
        Table(["budget C (FLOPs)", "runs", "N* (params)", "N*: 95% interval", "D* (tokens)", "D*/N* (tokens/param)", "D*/N*: 95% interval", "L* (nats)", "parabola R²", "N* inside the sizes run"],
            parabolas.Select(p =>
            {
                var b = p.Fit;
                return (IReadOnlyList<string>)[E(b.Budget), b.Runs.ToString(), N(b.OptimalParams), Interval(p.OptimalParamsInterval, "N0", p.Basis), N(b.OptimalTokens), F(b.TokensPerParam, "0.00"),
                    Interval(p.TokensPerParamInterval, "0.00", p.Basis), F(b.MinimumLoss), F(b.R2, "0.000"), b.Bracketed ? "yes" : "no (extrapolated)"];
            }))
        + (trend is { } t ? $"\nN* ∝ C^{t.ParamsExponent:0.00}, D* ∝ C^{t.TokensExponent:0.00} (over {t.Budgets} budgets).\n" : "")
        + $"\nThe paper's optimum: {PaperValues.PaperRatio} tokens/param; Chinchilla's: {PaperValues.ChinchillaRatio}.\n";

    public static string Fit(ComputeOptimalLine line)
    {
        var fit = line.Fit;
        var iv = line.Intervals;
        return $"L(N, D) = {fit.E:0.000} + {fit.A:0.###}/N^{fit.Alpha:0.000} + {fit.B:0.###}/D^{fit.Beta:0.000} (nats), from {line.Runs} runs " +
            $"(Huber objective {fit.Objective:0.00e0}; {fit.Starts - fit.FailedStarts} of {fit.Starts} starts converged).\n" +
            (iv is null ? "" : $"95% intervals ({iv.Basis}): E {Interval(iv.E, "0.000")}, " +
                $"A {Interval(iv.A, "0.###")}, α {Interval(iv.Alpha, "0.000")}, B {Interval(iv.B, "0.###")}, β {Interval(iv.Beta, "0.000")}.\n") +
            "\n" +
            Table(["budget C (FLOPs)", "N_opt (params)", "D_opt (tokens)", "D_opt/N_opt", "D_opt/N_opt: 95% interval", "paper", "Chinchilla"],
                (line.Budgets ?? []).Select(c => (IReadOnlyList<string>)[E(c.Flops), N(c.Params), N(c.Tokens), F(c.TokensPerParam, "0.00"),
                    Interval(c.TokensPerParamInterval, "0.00", iv?.Basis), PaperValues.PaperRatio.ToString(), PaperValues.ChinchillaRatio.ToString()]));
    }

    /// <summary>The held-out check: runs above the threshold predicted by the fit on the runs at or below it.</summary>
    public static string Holdout(HeldOutCheck check) =>
        $"Fitted on the {check.FittedRuns} runs with 6·N·D ≤ {E(check.Above)} FLOPs (halfway, in log, from the second-largest IsoFLOP budget to the largest); each larger run predicted with its 95% prediction interval" +
        (check.Basis is { } basis ? $" ({basis})" : "") + $". {check.Rows.Count(r => r.Inside)} of {check.Rows.Count} fell inside.\n\n" +
        Table(["params", "tokens", "FLOPs", "measured (nats)", "predicted (nats)", "95% interval", "inside"],
            check.Rows.Select(r => (IReadOnlyList<string>)[N(r.Params), N(r.Tokens), E(r.Flops), F(r.Measured), F(r.Predicted), Interval(r.Interval, "0.000"), r.Inside ? "yes" : "no"]));

    public static string Planner(IReadOnlyList<PlannerCheck> checks) =>
        Table(["budget C (FLOPs)", "planner's choice (T/P ≈ 5)", "its loss: measured / parabola (nats)", "parabola minimum (nats)", "best run measured", "gap to best (nats)"],
            checks.Select(c => (IReadOnlyList<string>)[E(c.Budget), $"d{c.Chosen.DModel} L{c.Chosen.Layers}, {N(c.Chosen.Params)} params, T/P = {c.Chosen.Ratio:0.0}",
                $"{F(c.MeasuredLoss)} / {F(c.PredictedLoss)}", F(c.ParabolaMinimumLoss), $"{N(c.BestMeasuredParams)} params: {F(c.BestMeasuredLoss)}",
                F(c.GapToBest, "+0.000;−0.000")]));
}
