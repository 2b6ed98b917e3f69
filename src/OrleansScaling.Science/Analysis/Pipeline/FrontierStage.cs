namespace OrleansScaling.Science.Analysis;

/// <summary>
/// The paper's Table 3 over the scaling runs (<see cref="Runs.RunSpec.IsScalingPoint"/>): one curve per size, the
/// longest (most iterations, then the lowest seed), so a study that also holds shorter IsoFLOP runs of a size still
/// compares each size over its whole range.
/// </summary>
public static class FrontierStage
{
    public static FrontierResult? Compute(IReadOnlyList<FinishedRun> runs, AnalysisNotes notes)
    {
        var perSize = Curves(runs);
        if (perSize.Count < AnalysisSettings.MinimumFrontierSizes) return null;
        var tokensPerIteration = perSize.Select(r => r.Spec.TokensPerIteration).Distinct().ToList();
        if (tokensPerIteration.Count > 1)
        {
            notes.Add($"frontier: the one-epoch runs use different tokens per iteration ({string.Join(", ", tokensPerIteration)}), so their iterations are not comparable; not computed.");
            return null;
        }
        return notes.Attempt(() => FrontierAnalysis.Compute(perSize.Select(r => new FrontierCurve(r.Spec.Shape.Parameters, r.Curve)).ToList(), tokensPerIteration[0]), "frontier");
    }

    /// <summary>The curves the frontier uses, for views that draw it.</summary>
    public static IReadOnlyList<FinishedRun> Curves(IReadOnlyList<FinishedRun> runs) =>
        runs.Where(r => r.Spec.IsScalingPoint).GroupBy(r => r.Spec.Shape.Parameters)
            .Select(g => g.OrderByDescending(r => r.Spec.Iterations).ThenBy(r => r.Spec.Seed).First())
            .OrderBy(r => r.Spec.Shape.Parameters).ToList();
}
