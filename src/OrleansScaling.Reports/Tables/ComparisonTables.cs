using OrleansScaling.Reports.Study;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
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
    /// How far test loss may rise after its best and still be read as evaluation noise, not overfitting: two runs on
    /// the same data in another order, and neighbouring evaluations of one run, differ by 0.01–0.04 nats at CPU scale.
    /// </summary>
    public const double OverfitMarginNats = 0.03;

    /// <summary>
    /// Table 2 analog, one row per speedup. M overfits — the regime the paper's comparison lives in — when its test
    /// loss ends more than <see cref="OverfitMarginNats"/> above its best; a smaller rise after an earlier best is
    /// reported as noise. The paper's value is the one for the same E at the same size rank.
    /// </summary>
    public static string Speedups(ExperimentAnalysis analysis, IReadOnlyList<FinishedRun> runs)
    {
        var sizes = runs.Select(r => r.Spec.Shape.Parameters).Distinct().Order().ToList();
        return Table(
            ["d", "params", "seed", "pair", "M's best test loss (nats) at iteration", "M overfits", "S reaches it at iteration", "speedup", "paper (same E, same size rank)"],
            analysis.Speedups.Select(s =>
            {
                var multi = runs.First(r => r.Key == s.MultiEpochKey);
                var rise = multi.Curve[^1].TestLoss - s.Result.MultiEpochBestLoss;
                var overfits = s.Result.MultiEpochBestIteration >= multi.Curve[^1].Iteration ? "no (best at its last evaluation)"
                    : rise > OverfitMarginNats ? $"yes (+{F(rise)} nats by its last evaluation)"
                    : $"no (+{F(rise)} nats after its best: within noise, ≤ {F(OverfitMarginNats, "0.00")})";
                var rank = sizes.IndexOf(s.Params);
                var paper = rank < PaperValues.Speedups.Count ? PaperValues.Speedups[rank] : default;
                var paperValue = s.Epochs switch { 10 => paper.E10, 5 => paper.E5, _ => 0 };
                return (IReadOnlyList<string>)[s.DModel.ToString(), N(s.Params), s.Seed.ToString(), $"{runs.First(r => r.Key == s.SingleEpochKey).Spec.Regime} vs {multi.Spec.Regime}",
                    $"{F(s.Result.MultiEpochBestLoss)} at {N(s.Result.MultiEpochBestIteration)}", overfits,
                    F(s.Result.SingleEpochIterationToReach, "N0"), s.Result.Speedup is { } v ? F(v, "0.00") + "×" : "≤ 1: S never reaches it",
                    paperValue > 0 ? $"{paperValue:0.0}× (d={paper.DModel}, {paper.Params})" : "—"];
            }));
    }

    /// <summary>
    /// Table 2 in the paper's shape: per size, the S-vs-M speedup for E = 10 and E = 5, every seed's and their mean,
    /// beside the paper's value for the same size rank.
    /// </summary>
    public static string SpeedupSummary(ExperimentAnalysis analysis, IReadOnlyList<FinishedRun> runs)
    {
        var singles = analysis.Speedups.Where(s => s.Dropout == 0).ToList();
        var sizes = singles.Select(s => (s.DModel, s.Params)).Distinct().OrderBy(s => s.Params).ToList();
        return Table(["d", "params", "E = 10: speedup (seeds)", "E = 5: speedup (seeds)", "paper E = 10 / E = 5"],
            sizes.Select((size, rank) =>
            {
                var paper = rank < PaperValues.Speedups.Count ? $"{PaperValues.Speedups[rank].E10:0.0}× / {PaperValues.Speedups[rank].E5:0.0}× (d={PaperValues.Speedups[rank].DModel}, {PaperValues.Speedups[rank].Params})" : "—";
                return (IReadOnlyList<string>)[size.DModel.ToString(), N(size.Params), Seeds(singles, runs, size.Params, 10), Seeds(singles, runs, size.Params, 5), paper];
            }));
    }

    /// <summary>
    /// One cell: each seed's speedup, and their mean when every seed has one. A seed where S never reaches M's best loss
    /// (M ended below S) has a speedup of at most M's best iteration ÷ S's last, shown as "≤ 1" when they are equal.
    /// </summary>
    private static string Seeds(IReadOnlyList<SpeedupEntry> entries, IReadOnlyList<FinishedRun> runs, long parameters, int epochs)
    {
        var cell = entries.Where(e => e.Params == parameters && e.Epochs == epochs).OrderBy(e => e.Seed).ToList();
        if (cell.Count == 0) return "—";
        var each = string.Join(", ", cell.Select(e => $"seed {e.Seed}: " + (e.Result.Speedup is { } v ? F(v, "0.00") + "×" : "≤ 1 (M ends below S)")));
        var interval = Interval(SpeedupInterval(cell, runs), "0.00");
        return cell.Count > 1 && cell.All(e => e.Result.Speedup is not null) ? $"{F(cell.Average(e => e.Result.Speedup!.Value), "0.00")}× {interval} ({each})" : $"{each} {interval}";
    }

    /// <summary>The 95% interval of the cell's mean speedup: seeds resampled in pairs, M's best within the evaluation grid.</summary>
    public static double?[]? SpeedupInterval(IReadOnlyList<SpeedupEntry> cell, IReadOnlyList<FinishedRun> runs)
    {
        var singles = cell.Select(e => runs.First(r => r.Key == e.SingleEpochKey).Curve).ToList();
        var multis = cell.Select(e => runs.First(r => r.Key == e.MultiEpochKey).Curve).ToList();
        try
        {
            return SpeedupBootstrap.Run(singles, multis, StudyResults.Resamples, StudyResults.Seed).SpeedupInterval;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Does dropout lift the one-epoch curve? SD minus S at the end, the share of evaluations in the second half of
    /// training where SD is above S (the first half holds warmup and the early plateau, which runs.csv does not
    /// delimit), and how much sooner S reaches SD's final loss (Science's log-log interpolation).
    /// </summary>
    public static string Dropout(IReadOnlyList<FinishedRun> runs) => Table(
        ["d", "params", "seed", "S final (nats)", "SD final (nats)", "SD − S (nats)", "evaluations in the second half where SD > S", "S reaches SD's final loss"],
        runs.Where(r => r.Spec.Epochs == 1 && r.Spec.Dropout > 0).OrderBy(r => r.Spec.Shape.Parameters).ThenBy(r => r.Spec.Seed).Select(sd =>
        {
            var s = runs.FirstOrDefault(r => r.Spec.Epochs == 1 && r.Spec.Dropout == 0 && r.Spec.Shape == sd.Spec.Shape && r.Spec.Seed == sd.Spec.Seed);
            if (s is null) return (IReadOnlyList<string>)[sd.Spec.Shape.DModel.ToString(), N(sd.Spec.Shape.Parameters), sd.Spec.Seed.ToString(), "—", F(sd.Curve[^1].TestLoss), "—", "—", "—"];
            var paired = sd.Curve.Where(p => p.Iteration > sd.Spec.Iterations / 2)
                .Join(s.Curve, p => p.Iteration, q => q.Iteration, (p, q) => p.TestLoss > q.TestLoss).ToList();
            var reach = SpeedupAnalysis.FirstIterationReaching(s.Curve.Where(p => p.Iteration > 0).ToList(), sd.Curve[^1].TestLoss);
            return (IReadOnlyList<string>)[sd.Spec.Shape.DModel.ToString(), N(sd.Spec.Shape.Parameters), sd.Spec.Seed.ToString(), F(s.Curve[^1].TestLoss),
                F(sd.Curve[^1].TestLoss), F(sd.Curve[^1].TestLoss - s.Curve[^1].TestLoss, "+0.000;−0.000"), $"{paired.Count(x => x)}/{paired.Count}",
                reach is { } i ? $"at iteration {N(i)} ({F(sd.Curve[^1].Iteration / i, "0.0")}× sooner)" : "never"];
        }));

    public static string PowerLaws(ExperimentAnalysis analysis, IReadOnlyList<FinishedRun> runs) => Table(
        ["run", "L = C·I^(−b): b", "b: 95% interval", "C (nats)", "R²", "fitted iterations"],
        analysis.PowerLaws.Select(p => (IReadOnlyList<string>)[p.Key, F(p.Fit.Exponent, "0.000"), Interval(ExponentInterval(p, runs), "0.000"), F(p.Fit.Coefficient, "0.00"), F(p.Fit.R2, "0.000"),
            $"{N(p.Fit.FromIteration)}..{N(p.Fit.ToIteration)}"]));

    private static double?[]? ExponentInterval(PowerLawEntry entry, IReadOnlyList<FinishedRun> runs)
    {
        var run = runs.FirstOrDefault(r => r.Key == entry.Key);
        if (run is null) return null;
        try
        {
            return CurveBootstrap.PowerLaw(run.Curve, entry.Fit.FromIteration, StudyResults.Resamples, StudyResults.Seed).ExponentInterval;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
