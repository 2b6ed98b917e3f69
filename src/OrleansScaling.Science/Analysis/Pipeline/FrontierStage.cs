namespace OrleansScaling.Science.Analysis;

/// <summary>
/// The paper's Table 3 over the scaling runs (<see cref="Runs.RunSpec.IsScalingPoint"/>) of one family: iterations are
/// comparable only at one number of tokens per iteration, so the frontier takes the runs at the tokens per iteration of
/// the run with the most training FLOPs (a study's long S runs, not its short IsoFLOP runs at another batch), and one
/// curve per size, the longest (most iterations, then the lowest seed).
/// </summary>
public static class FrontierStage
{
    public static FrontierResult? Compute(IReadOnlyList<FinishedRun> runs, AnalysisNotes notes)
    {
        var perSize = Curves(runs);
        if (perSize.Count < AnalysisSettings.MinimumFrontierSizes) return null;
        var tokensPerIteration = perSize[0].Spec.TokensPerIteration;
        var others = runs.Count(r => r.Spec.IsScalingPoint && r.Spec.TokensPerIteration != tokensPerIteration);
        if (others > 0)
            notes.Add($"frontier: over the one-epoch runs at {tokensPerIteration} tokens per iteration (those of the run with the most training FLOPs); " +
                      $"{others} at other tokens per iteration left out, their iterations not comparable.");
        return notes.Attempt(() => FrontierAnalysis.Compute(perSize.Select(r => new FrontierCurve(r.Spec.Shape.Parameters, r.Curve)).ToList(), tokensPerIteration), "frontier");
    }

    /// <summary>The curves the frontier uses, one per size in size order: the views draw these.</summary>
    public static IReadOnlyList<FinishedRun> Curves(IReadOnlyList<FinishedRun> runs)
    {
        var scaling = runs.Where(r => r.Spec.IsScalingPoint && r.Curve.Count > 0).ToList();
        if (scaling.Count == 0) return [];
        var largest = scaling.MaxBy(r => r.Spec.Shape.FlopsPerToken * (double)r.Spec.TotalTokens)!;
        return scaling.Where(r => r.Spec.TokensPerIteration == largest.Spec.TokensPerIteration)
            .GroupBy(r => r.Spec.Shape.Parameters)
            .Select(g => g.OrderByDescending(r => r.Spec.Iterations).ThenBy(r => r.Spec.Seed).First())
            .OrderBy(r => r.Spec.Shape.Parameters).ToList();
    }
}
