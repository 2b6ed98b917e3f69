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
                F(last.TestLoss), $"{F(best.TestLoss)} at {N(best.Iteration)}", F(last.WallSeconds, "0"), F(AverageTokensPerSecond(r), "0")];
        }));

    /// <summary>The run's average throughput: tokens trained ÷ wall time at its last evaluation (evaluations included).</summary>
    public static double? AverageTokensPerSecond(FinishedRun run) =>
        run.Curve[^1].WallSeconds > 0 ? run.Curve[^1].Tokens / run.Curve[^1].WallSeconds : null;

    /// <summary>
    /// Table 2 analog, one row per speedup. M overfits — the regime the paper's comparison lives in — when its test
    /// loss ends more than <see cref="SpeedupAnalysis.OverfitMarginNats"/> above its best; a smaller rise after an
    /// earlier best is reported as noise. The paper's value is the one for the same E at the same size rank.
    /// </summary>
    public static string Speedups(ExperimentAnalyses analyses, IReadOnlyList<FinishedRun> runs)
    {
        var sizes = runs.Select(r => r.Spec.Shape.Parameters).Distinct().Order().ToList();
        var regimes = runs.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First().Spec.Regime);
        return Table(
            ["d", "params", "seed", "pair", "M's best test loss (nats) at iteration", "M overfits", "S reaches it at iteration", "speedup", "paper (same E, same size rank)"],
            analyses.Speedups.Select(s =>
            {
                var rise = s.RiseAfterBest ?? double.NaN;
                var overfits = !(rise > 0) ? "no (best at its last evaluation)"
                    : rise > SpeedupAnalysis.OverfitMarginNats ? $"yes (+{F(rise)} nats by its last evaluation)"
                    : $"no (+{F(rise)} nats after its best: within noise, ≤ {F(SpeedupAnalysis.OverfitMarginNats, "0.00")})";
                var rank = sizes.IndexOf(s.Params);
                var paper = rank >= 0 && rank < PaperValues.Speedups.Count ? PaperValues.Speedups[rank] : default;
                var paperValue = s.Epochs switch { 10 => paper.E10, 5 => paper.E5, _ => 0 };
                return (IReadOnlyList<string>)[s.DModel.ToString(), N(s.Params), s.Seed.ToString(),
                    $"{regimes.GetValueOrDefault(s.SingleEpochKey ?? "", "S")} vs {regimes.GetValueOrDefault(s.MultiEpochKey ?? "", "M")}",
                    $"{F(s.Result.MultiEpochBestLoss)} at {N(s.Result.MultiEpochBestIteration)}", overfits,
                    F(s.Result.SingleEpochIterationToReach, "N0"), s.Result.Speedup is { } v ? F(v, "0.00") + "×" : "≤ 1: S never reaches it",
                    paperValue > 0 ? $"{paperValue:0.0}× (d={paper.DModel}, {paper.Params})" : "—"];
            }));
    }

    /// <summary>
    /// Table 2 in the paper's shape: per size, the S-vs-M speedup for E = 10 and E = 5, every seed's and their mean
    /// with its 95% interval and the number of seeds it rests on, beside the paper's value for the same size rank.
    /// </summary>
    public static string SpeedupSummary(ExperimentAnalyses analyses, IReadOnlyList<FinishedRun> runs)
    {
        var singles = analyses.Speedups.Where(s => s.Dropout == 0).ToList();
        var sizes = singles.Select(s => (s.DModel, s.Params)).Distinct().OrderBy(s => s.Params).ToList();
        return Table(["d", "params", "E = 10: speedup (seeds)", "E = 5: speedup (seeds)", "paper E = 10 / E = 5"],
            sizes.Select((size, rank) =>
            {
                var paper = rank < PaperValues.Speedups.Count ? $"{PaperValues.Speedups[rank].E10:0.0}× / {PaperValues.Speedups[rank].E5:0.0}× (d={PaperValues.Speedups[rank].DModel}, {PaperValues.Speedups[rank].Params})" : "—";
                return (IReadOnlyList<string>)[size.DModel.ToString(), N(size.Params), Seeds(singles, size.Params, 10), Seeds(singles, size.Params, 5), paper];
            }));
    }

    /// <summary>
    /// One cell: each seed's speedup, and their mean when every seed has one, with the cell's interval. A seed where S
    /// never reaches M's best loss (M ended below S) has a speedup of at most M's best iteration ÷ S's last.
    /// </summary>
    private static string Seeds(IReadOnlyList<SpeedupRow> rows, long parameters, int epochs)
    {
        var cell = rows.Where(e => e.Params == parameters && e.Epochs == epochs).OrderBy(e => e.Seed).ToList();
        if (cell.Count == 0) return "—";
        var each = string.Join(", ", cell.Select(e => $"seed {e.Seed}: " + (e.Result.Speedup is { } v ? F(v, "0.00") + "×" : "≤ 1 (M ends below S)")));
        var interval = Interval(cell[0].CellInterval, "0.00", cell[0].CellBasis);
        return cell.Count > 1 && cell.All(e => e.Result.Speedup is not null) ? $"{F(cell.Average(e => e.Result.Speedup!.Value), "0.00")}× {interval} ({each})" : $"{each} {interval}";
    }

    /// <summary>
    /// Does dropout lift the one-epoch curve? SD minus S at the end, the share of evaluations in the second half of
    /// training where SD is above S, and how much sooner S reaches SD's final loss (<see cref="DropoutRow"/>).
    /// </summary>
    public static string Dropout(IReadOnlyList<DropoutRow> rows) => Table(
        ["d", "params", "seed", "S final (nats)", "SD final (nats)", "SD − S (nats)", "evaluations in the second half where SD > S", "S reaches SD's final loss"],
        rows.Select(r => r.SingleFinalLoss is not { } s
            ? (IReadOnlyList<string>)[r.DModel.ToString(), N(r.Params), r.Seed.ToString(), "—", F(r.DropoutFinalLoss), "—", "—", "—"]
            : [r.DModel.ToString(), N(r.Params), r.Seed.ToString(), F(s), F(r.DropoutFinalLoss), F(r.DropoutFinalLoss - s, "+0.000;−0.000"),
               $"{r.SecondHalfAbove}/{r.SecondHalfPaired}",
               r.SingleReachesAt is { } i ? $"at iteration {N(i)} ({F(r.DropoutLastIteration / i, "0.0")}× sooner)" : "never"]));

    public static string PowerLaws(ExperimentAnalyses analyses) => Table(
        ["run", "L = C·I^(−b): b", "b: 95% interval", "C (nats)", "R²", "fitted iterations"],
        analyses.PowerLaws.Select(p => (IReadOnlyList<string>)[p.Key, F(p.Fit.Exponent, "0.000"), Interval(p.ExponentInterval, "0.000", p.Basis), F(p.Fit.Coefficient, "0.00"), F(p.Fit.R2, "0.000"),
            $"{N(p.Fit.FromIteration)}..{N(p.Fit.ToIteration)}"]));
}
