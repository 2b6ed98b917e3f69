namespace OrleansScaling.Science.Analysis;

/// <summary>
/// Does dropout lift the one-epoch curve? Each SD run against the S run of the same size, seed and length: their final
/// losses, how many evaluations of the second half of training have SD above S (the first half holds warmup and the
/// early plateau), and the iteration at which S reaches SD's final loss (log-log interpolation, <see cref="SpeedupAnalysis"/>).
/// </summary>
internal static class DropoutStage
{
    public static IReadOnlyList<DropoutRow> Rows(IReadOnlyList<FinishedRun> runs) =>
        runs.Where(r => r.Spec.Epochs == 1 && r.Spec.Dropout > 0 && r.Curve.Count > 0)
            .OrderBy(r => r.Spec.Shape.Parameters).ThenBy(r => r.Spec.Seed).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(sd =>
            {
                var s = runs.FirstOrDefault(r => r.Spec.IsScalingPoint && r.Curve.Count > 0 && r.Spec.Shape == sd.Spec.Shape && r.Spec.Seed == sd.Spec.Seed
                                                 && r.Spec.Iterations == sd.Spec.Iterations && r.Spec.TokensPerIteration == sd.Spec.TokensPerIteration);
                if (s is null)
                    return new DropoutRow(sd.Spec.Shape.DModel, sd.Spec.Shape.Parameters, sd.Spec.Seed, sd.Key, sd.FinalLoss, null, null, 0, 0, null, sd.Curve[^1].Iteration);
                var paired = sd.Curve.Where(p => p.Iteration > sd.Spec.Iterations / 2)
                    .Join(s.Curve, p => p.Iteration, q => q.Iteration, (p, q) => p.TestLoss > q.TestLoss).ToList();
                var usable = s.Curve.Where(p => p.Iteration > 0 && double.IsFinite(p.TestLoss) && p.TestLoss > 0).ToList();
                var reach = usable.Count > 0 && double.IsFinite(sd.FinalLoss) ? SpeedupAnalysis.FirstIterationReaching(usable, sd.FinalLoss) : null;
                return new DropoutRow(sd.Spec.Shape.DModel, sd.Spec.Shape.Parameters, sd.Spec.Seed, sd.Key, sd.FinalLoss, s.Key, s.FinalLoss,
                    paired.Count(x => x), paired.Count, reach, sd.Curve[^1].Iteration);
            }).ToList();
}
