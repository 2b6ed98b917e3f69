using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// The paper's Table 2: each M(E)/MD(E) run against its one-epoch twin (same shape, seed, dropout, iterations, tokens
/// per iteration and corpus), and each cell's (size, E, dropout) interval over its seeds, paired in seed order.
/// </summary>
internal static class SpeedupStage
{
    public static IReadOnlyList<SpeedupRow> Rows(IReadOnlyList<FinishedRun> runs, AnalysisSettings settings, AnalysisNotes notes)
    {
        var pairs = new List<(FinishedRun Single, FinishedRun Multi, SpeedupResult Result)>();
        foreach (var multi in runs.Where(r => r.Spec.Epochs > 1).OrderBy(r => r.Spec.Shape.Parameters).ThenBy(r => r.Spec.Seed)
                     .ThenByDescending(r => r.Spec.Epochs).ThenBy(r => r.Spec.Dropout))
        {
            var single = runs.FirstOrDefault(r => IsTwin(r, multi));
            if (single is null) continue;
            var result = notes.Attempt(() => SpeedupAnalysis.Compute(single.Curve, multi.Curve), $"speedup {single.Key} vs {multi.Key}");
            if (result is not null) pairs.Add((single, multi, result));
        }
        var cells = pairs.GroupBy(p => (p.Multi.Spec.Shape.Parameters, p.Multi.Spec.Epochs, p.Multi.Spec.Dropout))
            .ToDictionary(g => g.Key, g => CellInterval(g.OrderBy(p => p.Multi.Spec.Seed).ToList(), settings));
        return pairs.Select(p =>
        {
            var spec = p.Multi.Spec;
            var (interval, basis) = cells[(spec.Shape.Parameters, spec.Epochs, spec.Dropout)];
            return new SpeedupRow(spec.Shape.DModel, spec.Shape.Parameters, spec.Epochs, spec.Dropout, spec.Seed, p.Result,
                p.Single.Key, p.Multi.Key, interval, basis, p.Multi.FinalLoss - p.Result.MultiEpochBestLoss);
        }).ToList();
    }

    /// <summary>The one-epoch run an M(E) run is compared with: everything the same but the epochs.</summary>
    private static bool IsTwin(FinishedRun single, FinishedRun multi) =>
        single.Spec.Epochs == 1 && single.Spec.Shape == multi.Spec.Shape && single.Spec.Seed == multi.Spec.Seed
        && single.Spec.Dropout == multi.Spec.Dropout && single.Spec.Iterations == multi.Spec.Iterations
        && single.Spec.TokensPerIteration == multi.Spec.TokensPerIteration && single.Spec.Corpus == multi.Spec.Corpus;

    private static (double?[]? Interval, IntervalBasis? Basis) CellInterval(List<(FinishedRun Single, FinishedRun Multi, SpeedupResult Result)> cell, AnalysisSettings settings)
    {
        try
        {
            var summary = SpeedupBootstrap.Run(cell.Select(p => p.Single.Curve).ToList(), cell.Select(p => p.Multi.Curve).ToList(), settings.Resamples, settings.Seed);
            return (summary.SpeedupInterval, summary.Basis);
        }
        catch (ArgumentException e)
        {
            return (null, new IntervalBasis(cell.Count, IntervalBasis.Seeds, "none", Note: e.Message));
        }
    }
}
