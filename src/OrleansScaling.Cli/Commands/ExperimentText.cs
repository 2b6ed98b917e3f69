using System.Text;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;

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

    /// <summary>
    /// The experiment with its plan's notes, runs and analyses; with branches, the compute branching saved (Science's
    /// <see cref="OrleansScaling.Science.Runs.BranchCompute"/>, the dashboard's line), wall time from <paramref name="curves"/> where given.
    /// </summary>
    public static string Show(ExperimentView view, IReadOnlyDictionary<string, IReadOnlyList<OrleansScaling.Science.Curves.CurvePoint>>? curves = null)
    {
        var s = view.Summary;
        var text = new StringBuilder()
            .AppendLine($"experiment {s.ExperimentId} \"{s.Name}\": {Units.Name(s.Kind)}, {Units.Name(s.Status)}, " +
                        $"{s.RunsFinished}/{s.Runs} runs done, created {Units.Time(s.CreatedAt)}");
        foreach (var note in view.Plan.Notes) text.AppendLine($"  plan: {note}");
        text.AppendLine().AppendLine("runs:").Append(RunText.List(view.Runs));
        if (view.Runs.HasBranches()) text.AppendLine(BranchComputeViews.Count(view.Runs, id => curves?.GetValueOrDefault(id)).Line());
        if (view.Analyses is { } analyses) text.Append(Analyses(analyses));
        else text.AppendLine().AppendLine("analyses: none yet (they appear as runs finish).");
        return text.ToString();
    }

    private static string Analyses(ExperimentAnalyses analyses)
    {
        var text = new StringBuilder().AppendLine().AppendLine($"analyses (computed {Units.Time(analyses.ComputedAt)}" +
            (analyses.Runs > 0 ? $", over {analyses.Runs} runs" : "") + "):");
        if (analyses.Speedups.Count > 0)
        {
            // The paper's Table 2: iterations M needs for its best loss over the iterations S needs for it. The cell's
            // interval is over the seeds of its (size, epochs, dropout): the same on each of the cell's rows.
            var table = new TextTable("D_MODEL", "PARAMS", "EPOCHS", "DROPOUT", "SEED", "SPEEDUP", "M BEST LOSS", "AT M ITER", "S ITER TO REACH", "CELL 95% INTERVAL");
            foreach (var r in analyses.Speedups)
                table.Add(r.DModel.ToString(), Units.Params(r.Params), r.Epochs.ToString(), Units.Number(r.Dropout), r.Seed.ToString(),
                    r.Result.Speedup is { } x ? Units.Number(x) + (double.IsFinite(x) ? "x" : "") : "not reached", Units.Loss(r.Result.MultiEpochBestLoss),
                    r.Result.MultiEpochBestIteration.ToString(), r.Result.SingleEpochIterationToReach is { } i ? Units.Number(i) : "-",
                    Interval(r.CellInterval, "0.00", r.CellBasis));
            text.AppendLine("speedup of one epoch over E epochs (Table 2):").Append(table);
            AppendMethods(text, analyses.Speedups.Select(r => r.CellBasis));
        }
        if (analyses.PowerLaws.Count > 0)
        {
            var table = new TextTable("RUN", "KEY", "EXPONENT", "EXPONENT 95% INTERVAL", "COEFFICIENT (nats)", "R2", "ITERATIONS");
            foreach (var p in analyses.PowerLaws)
                table.Add(p.RunId, p.Key, Units.Number(p.Fit.Exponent), Interval(p.ExponentInterval, "0.0000", p.Basis),
                    Units.Number(p.Fit.Coefficient) + (p.CoefficientInterval is [_, _] ? " " + Interval(p.CoefficientInterval, "0.000", p.Basis) : ""),
                    Units.Number(p.Fit.R2), $"{p.Fit.FromIteration}-{p.Fit.ToIteration}");
            text.AppendLine("power laws, test loss = coefficient × iteration^(-exponent):").Append(table);
            AppendMethods(text, analyses.PowerLaws.Select(p => p.Basis));
        }
        if (analyses.IsoFlop is { Count: > 0 } parabolas)
        {
            var table = new TextTable("BUDGET", "RUNS", "N*", "N* 95% INTERVAL", "TOKENS/PARAM", "TOKENS/PARAM 95% INTERVAL", "LOSS AT N*", "R2", "BRACKETED");
            foreach (var p in parabolas.OrderBy(p => p.Fit.Budget))
                table.Add(Units.Flops(p.Fit.Budget), p.Fit.Runs.ToString(), Counted(p.Fit.OptimalParams, "params"),
                    Interval(p.OptimalParamsInterval, "G3", p.Basis, Units.Count), Units.Number(p.Fit.TokensPerParam, "0.##"),
                    Interval(p.TokensPerParamInterval, "0.##", p.Basis), Units.Loss(p.Fit.MinimumLoss), Units.Number(p.Fit.R2),
                    p.Fit.Bracketed ? "yes" : "no (extrapolated)");
            text.AppendLine("IsoFLOP parabolas (approach 2: final loss against ln params at each budget):").Append(table);
            AppendMethods(text, parabolas.Select(p => p.Basis));
            if (analyses.IsoFlopTrend is { } trend)
                text.AppendLine($"over {trend.Budgets} budgets: N* ∝ C^{Units.Number(trend.ParamsExponent, "0.00")}, D* ∝ C^{Units.Number(trend.TokensExponent, "0.00")}");
        }
        if (analyses.ComputeOptimal is { } line) text.Append(ParametricFit(line));
        if (analyses.Holdout is { } check)
        {
            var table = new TextTable("PARAMS", "TOKENS", "COMPUTE", "MEASURED", "PREDICTED", "95% PREDICTION INTERVAL", "INSIDE");
            foreach (var r in check.Rows)
                table.Add(Counted(r.Params, "params"), Counted(r.Tokens, "tokens"), Units.Flops(r.Flops), Units.Loss(r.Measured),
                    Units.Loss(r.Predicted), Interval(r.Interval, "0.000", r.Basis), r.Inside ? "yes" : "no");
            text.AppendLine($"held-out check: fitted on the {check.FittedRuns} runs at or below {Units.Flops(check.Above)}, " +
                            $"{check.Rows.Count(r => r.Inside)} of {check.Rows.Count} held-out runs inside their 95% prediction interval:").Append(table);
            AppendMethods(text, [check.Basis ?? check.Rows.FirstOrDefault()?.Basis]);
        }
        else if (analyses.FitsPending)
            text.AppendLine("fits pending: the runs lie at more than one budget; the parametric fit, its compute-optimal line and the held-out check are computed once every run has finished.");
        if (analyses.PlannerChecks is { Count: > 0 } checks)
        {
            var table = new TextTable("BUDGET", "PLANNER'S SHAPE", "TOKENS/PARAM", "PREDICTED LOSS", "MEASURED LOSS", "PARABOLA MINIMUM", "BEST RUN", "GAP TO BEST");
            foreach (var c in checks.OrderBy(c => c.Budget))
                table.Add(Units.Flops(c.Budget), $"d={c.Chosen.DModel} L={c.Chosen.Layers} ({Units.Params(c.Chosen.Params)})", Units.Number(c.Chosen.Ratio, "0.##"),
                    Units.Loss(c.PredictedLoss), c.MeasuredLoss is null ? "not run" : Units.Loss(c.MeasuredLoss), Units.Loss(c.ParabolaMinimumLoss),
                    $"{Units.Params(c.BestMeasuredParams)}: {Units.Loss(c.BestMeasuredLoss)}", Units.Loss(c.GapToBest));
            text.AppendLine("planner check (the shape `osc plan` picks at T/P ≈ 5, against each budget's parabola and best run):").Append(table);
        }
        if (analyses.Dropout is { Count: > 0 } dropout)
        {
            var table = new TextTable("D_MODEL", "PARAMS", "SEED", "SD FINAL LOSS", "S FINAL LOSS", "SD ABOVE S (2ND HALF)", "S REACHES SD'S FINAL AT");
            foreach (var d in dropout)
                table.Add(d.DModel.ToString(), Units.Params(d.Params), d.Seed.ToString(), Units.Loss(d.DropoutFinalLoss),
                    d.SingleEpochKey is null ? "no S run" : Units.Loss(d.SingleFinalLoss),
                    d.SecondHalfPaired > 0 ? $"{d.SecondHalfAbove} of {d.SecondHalfPaired}" : "-",
                    d.SingleEpochKey is null ? "-" : d.SingleReachesAt is { } at ? $"{Units.Number(at, "0")} of {d.DropoutLastIteration}" : "never");
            text.AppendLine("dropout on one epoch (SD against S of the same size and seed):").Append(table);
        }
        if (analyses.Frontier is { } frontier)
        {
            var table = new TextTable("PARAMS", "ITERATIONS ON FRONTIER", "TOKENS/PARAM ON FRONTIER");
            foreach (var size in frontier.Sizes)
                table.Add(Units.Params(size.Params), Range(size.OptimalIterations), Range(size.OptimalTokensPerParam));
            text.AppendLine("compute-efficient frontier (Table 3):").Append(table)
                .AppendLine($"overlap {Range(frontier.Overlap)} tokens/param, geometric mean {(frontier.GeometricMean is { } g ? Units.Number(g) : "-")} tokens/param");
        }
        if (analyses.Notes is { Count: > 0 } notes)
        {
            text.AppendLine("notes:");
            foreach (var note in notes) text.AppendLine($"  - {note}");
        }
        return text.ToString();
    }

    /// <summary>The parametric fit L(N, D) = E + A/N^α + B/D^β, each parameter with its 95% interval, and its optimum at each budget.</summary>
    private static string ParametricFit(ComputeOptimalLine line)
    {
        var f = line.Fit;
        var iv = line.Intervals;
        var text = new StringBuilder().AppendLine($"parametric fit over {line.Runs} runs (approach 3), L(N, D) = E + A/N^α + B/D^β (nats):");
        var table = new TextTable("PARAMETER", "VALUE", "95% INTERVAL");
        table.Add("E", Units.Number(f.E, "0.000"), Interval(iv?.E, "0.000", iv?.Basis))
            .Add("A", Units.Number(f.A, "G3"), Interval(iv?.A, "G3", iv?.Basis))
            .Add("α", Units.Number(f.Alpha, "0.000"), Interval(iv?.Alpha, "0.000", iv?.Basis))
            .Add("B", Units.Number(f.B, "G3"), Interval(iv?.B, "G3", iv?.Basis))
            .Add("β", Units.Number(f.Beta, "0.000"), Interval(iv?.Beta, "0.000", iv?.Basis));
        text.Append(table);
        if (iv?.Basis is { } basis) text.AppendLine($"  intervals: {basis}");
        if (line.Budgets is { Count: > 0 } budgets)
        {
            var optima = new TextTable("BUDGET", "N*", "D*", "TOKENS/PARAM", "TOKENS/PARAM 95% INTERVAL");
            foreach (var at in budgets)
                optima.Add(Units.Flops(at.Flops), Counted(at.Params, "params"), Counted(at.Tokens, "tokens"),
                    Units.Number(at.TokensPerParam, "0.##"), Interval(at.TokensPerParamInterval, "0.##", iv?.Basis));
            text.AppendLine("its compute-optimal point at each budget:").Append(optima);
        }
        return text.ToString();
    }

    /// <summary>
    /// A 95% interval with what it rests on: "[1.16, 1.23] (2 seeds)"; an open end as 0 below or inf above; an absent
    /// one (or one open at both ends) as "- (1 seed: why)" from its basis's note; a basis with N = 0 adds no count;
    /// "-" with neither; a non-finite end as "-".
    /// </summary>
    public static string Interval(IReadOnlyList<double?>? interval, string format, IntervalBasis? basis, Func<double, string>? formatter = null)
    {
        string End(double v) => !double.IsFinite(v) ? Units.Missing : formatter is null ? Units.Number(v, format) : formatter(v);
        var present = interval is { Count: 2 } && (interval[0] is not null || interval[1] is not null);
        var text = present ? $"[{(interval![0] is { } lo ? End(lo) : "0")}, {(interval[1] is { } hi ? End(hi) : "inf")}]" : Units.Missing;
        if (basis is null) return text;
        var count = basis.N > 0 ? basis.Count : null; // 0: not known, or nothing to count
        if (present) return count is null ? text : $"{text} ({count})";
        var why = string.Join(": ", new[] { count, basis.Note }.Where(x => x is not null));
        return why.Length == 0 ? Units.Missing : $"{Units.Missing} ({why})";
    }

    /// <summary>"18.1M params"; "-" for NaN or ±∞.</summary>
    private static string Counted(double value, string unit) => double.IsFinite(value) ? $"{Units.Count(value)} {unit}" : Units.Missing;

    /// <summary>One line naming the methods of a table's intervals, as their bases give them.</summary>
    private static void AppendMethods(StringBuilder text, IEnumerable<IntervalBasis?> bases)
    {
        var methods = bases.Where(b => b is not null && b.Method != "none")
            .Select(b => b!.Resamples > 0 ? $"{b.Method}, {b.Resamples} resamples" + (b.Degenerate > 0 ? $" ({b.Degenerate} degenerate)" : "") : b.Method)
            .Distinct().ToList();
        if (methods.Count > 0) text.AppendLine($"  95% intervals: {string.Join("; ", methods)}");
    }

    /// <summary>[from, to] with an open end as ∞ (the paper writes [1.5, ∞) for d=1024).</summary>
    public static string Range(IReadOnlyList<double?> range) =>
        range.Count < 2 ? "-" : $"[{(range[0] is { } a ? Units.Number(a) : "-")}, {(range[1] is { } b ? Units.Number(b) : "inf")}]";
}
