using System.Text;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Cli.Commands;

/// <summary>How experiments read on a terminal.</summary>
public static class ExperimentText
{
    public static string List(IReadOnlyList<ExperimentSummary> experiments)
    {
        if (experiments.Count == 0) return "no experiments yet; launch one with `osc sweep launch --preset recipe-tiny`.\n";
        var table = new TextTable("ID", "NAME", "KIND", "STATUS", "RUNS DONE", "CREATED");
        foreach (var e in experiments.OrderBy(e => e.CreatedAt))
            table.Add(e.ExperimentId, e.Name, Units.Name(e.Kind), Units.Name(e.Status), $"{e.RunsFinished}/{e.Runs}", Units.Time(e.CreatedAt));
        return table.ToString();
    }

    public static string Show(ExperimentView view)
    {
        var s = view.Summary;
        var text = new StringBuilder()
            .AppendLine($"experiment {s.ExperimentId} \"{s.Name}\": {Units.Name(s.Kind)}, {Units.Name(s.Status)}, " +
                        $"{s.RunsFinished}/{s.Runs} runs done, created {Units.Time(s.CreatedAt)}");
        foreach (var note in view.Plan.Notes) text.AppendLine($"  plan: {note}");
        text.AppendLine().AppendLine("runs:").Append(RunText.List(view.Runs));
        if (view.Analyses is { } analyses) text.Append(Analyses(analyses));
        else text.AppendLine().AppendLine("analyses: none yet (they appear as runs finish).");
        return text.ToString();
    }

    private static string Analyses(ExperimentAnalyses analyses)
    {
        var text = new StringBuilder().AppendLine().AppendLine($"analyses (computed {Units.Time(analyses.ComputedAt)}):");
        // What the analyses left out and why (a diverged run, an unusable final loss), before the tables.
        foreach (var note in analyses.Notes ?? []) text.AppendLine($"  note: {note}");
        if (analyses.Speedups.Count > 0)
        {
            // The paper's Table 2: iterations M needs for its best loss over the iterations S needs for it.
            var table = new TextTable("D_MODEL", "PARAMS", "EPOCHS", "DROPOUT", "SEED", "SPEEDUP", "M BEST LOSS", "AT M ITER", "S ITER TO REACH");
            foreach (var r in analyses.Speedups)
                table.Add(r.DModel.ToString(), Units.Params(r.Params), r.Epochs.ToString(), Units.Number(r.Dropout), r.Seed.ToString(),
                    r.Result.Speedup is { } x ? Units.Number(x) + "x" : "not reached", Units.Loss(r.Result.MultiEpochBestLoss),
                    r.Result.MultiEpochBestIteration.ToString(), r.Result.SingleEpochIterationToReach is { } i ? Units.Number(i) : "-");
            text.AppendLine("speedup of one epoch over E epochs (Table 2):").Append(table);
        }
        if (analyses.PowerLaws.Count > 0)
        {
            var table = new TextTable("RUN", "KEY", "EXPONENT", "COEFFICIENT (nats)", "R2", "ITERATIONS");
            foreach (var p in analyses.PowerLaws)
                table.Add(p.RunId, p.Key, Units.Number(p.Fit.Exponent), Units.Number(p.Fit.Coefficient), Units.Number(p.Fit.R2),
                    $"{p.Fit.FromIteration}-{p.Fit.ToIteration}");
            text.AppendLine("power laws, test loss = coefficient × iteration^(-exponent):").Append(table);
        }
        if (analyses.Frontier is { } frontier)
        {
            var table = new TextTable("PARAMS", "ITERATIONS ON FRONTIER", "TOKENS/PARAM ON FRONTIER");
            foreach (var size in frontier.Sizes)
                table.Add(Units.Params(size.Params), Range(size.OptimalIterations), Range(size.OptimalTokensPerParam));
            text.AppendLine("compute-efficient frontier (Table 3):").Append(table)
                .AppendLine($"overlap {Range(frontier.Overlap)} tokens/param, geometric mean {(frontier.GeometricMean is { } g ? Units.Number(g) : "-")} tokens/param");
        }
        return text.ToString();
    }

    /// <summary>[from, to] with an open end as ∞ (the paper writes [1.5, ∞) for d=1024).</summary>
    public static string Range(IReadOnlyList<double?> range) =>
        range.Count < 2 ? "-" : $"[{(range[0] is { } a ? Units.Number(a) : "-")}, {(range[1] is { } b ? Units.Number(b) : "inf")}]";
}
