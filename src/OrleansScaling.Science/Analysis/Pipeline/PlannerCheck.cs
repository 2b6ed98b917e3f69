using OrleansScaling.Science.Planning;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// The planner checked at one IsoFLOP budget: the shape `osc plan` picks at T/P ≈ 5 (same depth, context, vocabulary
/// and tokens per iteration as the budget's runs), its loss as the budget's parabola predicts it (and as measured, when
/// that shape was one of the runs), against the parabola's minimum and the best run measured. Losses in nats.
/// </summary>
public sealed record PlannerCheck(
    double Budget,
    PlanCandidate Chosen,
    double PredictedLoss,
    double? MeasuredLoss,
    double ParabolaMinimumLoss,
    long BestMeasuredParams,
    double BestMeasuredLoss)
{
    /// <summary>How much worse (nats) the planner's choice is than the best measured run: measured when possible, else predicted.</summary>
    public double GapToBest => (MeasuredLoss ?? PredictedLoss) - BestMeasuredLoss;

    /// <param name="runs">The budget's runs, the parabola's points.</param>
    public static PlannerCheck For(IsoFlopBudgetFit fit, IReadOnlyList<FinishedRun> runs)
    {
        var first = runs[0].Spec;
        var plan = RecipePlanner.Plan(new RecipeRequest(P0: fit.Budget / 6, T0: 1, TokensPerIteration: first.TokensPerIteration,
            Vocab: first.Shape.Vocab, Context: first.Shape.Context, Shapes: new ShapeSpace(MinLayers: first.Shape.Layers, MaxLayers: first.Shape.Layers)));
        var chosen = plan.Chosen;
        // The parabola in ln N, written around its vertex: L(N) = L* + c2·(ln N − ln N*)².
        var offset = Math.Log(chosen.Params) - Math.Log(fit.OptimalParams);
        var measured = runs.FirstOrDefault(r => r.Spec.Shape.DModel == chosen.DModel && r.Spec.Shape.Layers == chosen.Layers);
        var best = runs.MinBy(r => r.FinalLoss)!;
        return new PlannerCheck(fit.Budget, chosen, fit.MinimumLoss + fit.Curvature * offset * offset,
            measured?.FinalLoss, fit.MinimumLoss, best.Spec.Shape.Parameters, best.FinalLoss);
    }
}
