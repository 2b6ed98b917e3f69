using OrleansScaling.Science.Analysis;
using static OrleansScaling.Reports.Tables.Markdown;

namespace OrleansScaling.Reports.Tables;

/// <summary>The paper-comparison tables: the runs, Table 2's speedups beside the paper's, dropout's effect on S, power laws.</summary>
public static class ComparisonTables
{
    public static string Runs(IReadOnlyList<FinishedRun> runs) => Table(
        ["run", "params", "iterations", "tokens (unique)", "final test loss (nats)", "best test loss (nats) at iteration", "wall time (s)", "tokens/s"],
        runs.OrderBy(r => r.Spec.Shape.Parameters).ThenBy(r => r.Spec.Seed).ThenBy(r => r.Spec.Epochs).ThenBy(r => r.Spec.Dropout).Select(r =>
        {
            var best = r.Curve.MinBy(p => p.TestLoss)!;
            var last = r.Curve[^1];
            return (IReadOnlyList<string>)[r.Key, N(r.Spec.Shape.Parameters), N(r.Spec.Iterations), $"{N(r.Spec.TotalTokens)} ({N(r.Spec.TotalTokens / r.Spec.Epochs)})",
                F(last.TestLoss), $"{F(best.TestLoss)} at {N(best.Iteration)}", F(last.WallSeconds, "0"), F(last.TokensPerSecond, "0")];
        }));

    /// <summary>
    /// Table 2 analog, one row per speedup: M overfits when its best test loss comes before its last evaluation, the
    /// regime the paper's comparison lives in. The paper's value is the one for the same E at the same size rank.
    /// </summary>
    public static string Speedups(ExperimentAnalysis analysis, IReadOnlyList<FinishedRun> runs)
    {
        var sizes = runs.Select(r => r.Spec.Shape.Parameters).Distinct().Order().ToList();
        return Table(
            ["d", "params", "seed", "pair", "M's best test loss (nats) at iteration", "M overfits", "S reaches it at iteration", "speedup", "paper (same E, same size rank)"],
            analysis.Speedups.Select(s =>
            {
                var multi = runs.First(r => r.Key == s.MultiEpochKey);
                var overfits = s.Result.MultiEpochBestIteration < multi.Curve[^1].Iteration;
                var rank = sizes.IndexOf(s.Params);
                var paper = rank < PaperValues.Speedups.Count ? PaperValues.Speedups[rank] : default;
                var paperValue = s.Epochs switch { 10 => paper.E10, 5 => paper.E5, _ => 0 };
                return (IReadOnlyList<string>)[s.DModel.ToString(), N(s.Params), s.Seed.ToString(), $"{runs.First(r => r.Key == s.SingleEpochKey).Spec.Regime} vs {multi.Spec.Regime}",
                    $"{F(s.Result.MultiEpochBestLoss)} at {N(s.Result.MultiEpochBestIteration)}", overfits ? "yes" : "no (best at its last evaluation)",
                    F(s.Result.SingleEpochIterationToReach, "N0"), s.Result.Speedup is { } v ? F(v, "0.00") + "×" : "S never reaches it",
                    paperValue > 0 ? $"{paperValue:0.0}× (d={paper.DModel}, {paper.Params})" : "—"];
            }));
    }

    /// <summary>
    /// Does dropout lift the one-epoch curve? SD minus S at the end, the share of evaluations after warmup where SD is
    /// above S, and how much sooner S reaches SD's final loss (Science's log-log interpolation).
    /// </summary>
    public static string Dropout(IReadOnlyList<FinishedRun> runs) => Table(
        ["d", "params", "seed", "S final (nats)", "SD final (nats)", "SD − S (nats)", "evaluations where SD > S", "S reaches SD's final loss"],
        runs.Where(r => r.Spec.Epochs == 1 && r.Spec.Dropout > 0).OrderBy(r => r.Spec.Shape.Parameters).ThenBy(r => r.Spec.Seed).Select(sd =>
        {
            var s = runs.FirstOrDefault(r => r.Spec.Epochs == 1 && r.Spec.Dropout == 0 && r.Spec.Shape == sd.Spec.Shape && r.Spec.Seed == sd.Spec.Seed);
            if (s is null) return (IReadOnlyList<string>)[sd.Spec.Shape.DModel.ToString(), N(sd.Spec.Shape.Parameters), sd.Spec.Seed.ToString(), "—", F(sd.Curve[^1].TestLoss), "—", "—", "—"];
            var paired = sd.Curve.Where(p => p.Iteration > sd.Spec.WarmupIterations)
                .Join(s.Curve, p => p.Iteration, q => q.Iteration, (p, q) => p.TestLoss > q.TestLoss).ToList();
            var reach = SpeedupAnalysis.FirstIterationReaching(s.Curve.Where(p => p.Iteration > 0).ToList(), sd.Curve[^1].TestLoss);
            return (IReadOnlyList<string>)[sd.Spec.Shape.DModel.ToString(), N(sd.Spec.Shape.Parameters), sd.Spec.Seed.ToString(), F(s.Curve[^1].TestLoss),
                F(sd.Curve[^1].TestLoss), F(sd.Curve[^1].TestLoss - s.Curve[^1].TestLoss, "+0.000;−0.000"), $"{paired.Count(x => x)}/{paired.Count}",
                reach is { } i ? $"at iteration {N(i)} ({F(sd.Curve[^1].Iteration / i, "0.0")}× sooner)" : "never"];
        }));

    public static string PowerLaws(ExperimentAnalysis analysis) => Table(
        ["run", "L = C·I^(−b): b", "C (nats)", "R²", "fitted iterations"],
        analysis.PowerLaws.Select(p => (IReadOnlyList<string>)[p.Key, F(p.Fit.Exponent, "0.000"), F(p.Fit.Coefficient, "0.00"), F(p.Fit.R2, "0.000"),
            $"{N(p.Fit.FromIteration)}..{N(p.Fit.ToIteration)}"]));
}
