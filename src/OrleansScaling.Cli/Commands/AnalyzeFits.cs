using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;
using static OrleansScaling.Cli.Commands.PlanText;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc analyze isoflop|fit`: Chinchilla's approaches 2 and 3 on a table of finished runs.</summary>
internal static class AnalyzeFits
{
    public static AnalysisOutput IsoFlop(CliArgs args)
    {
        var path = args.Required("points");
        var resamples = Bootstrap(args);
        var seed = args.Int("seed", 1);
        var runs = LossTableCsv.ReadFile(path);
        var names = new Dictionary<string, string> { ["budget"] = $"--points {path}", ["runs"] = $"--points {path}" };
        var r = AnalyzeCurves.NamingFiles(() => IsoFlopAnalysis.Compute(runs), names);
        var intervals = resamples is { } n ? AnalyzeCurves.NamingFiles(() => IsoFlopBootstrap.Run(runs, n, seed), names) : null;
        var report = new IsoFlopReport(
            r.Budgets.Select((b, i) => new IsoFlopBudgetReport(b.Budget, b.Runs, b.OptimalParams, b.OptimalTokens, b.TokensPerParam, b.MinimumLoss, b.Curvature, b.R2, b.Bracketed)
            {
                OptimalParamsInterval = intervals?[i].OptimalParamsInterval,
                TokensPerParamInterval = intervals?[i].TokensPerParamInterval,
            }).ToList(), r.ParamsExponent, r.TokensExponent)
        { Bootstrap = resamples, Seed = resamples is null ? null : seed };
        return new AnalysisOutput(() => Json.Serialize(report), () =>
        {
            var text = new StringBuilder("IsoFLOP profiles (parabola of final loss against ln params):\n");
            if (resamples is { } count) text.AppendLine(Invariant($"95% intervals: {count} bootstrap resamples of each budget's runs (seed {seed})"));
            text.AppendLine("  budget FLOPs  runs   optimal params   optimal tokens  tokens/param  min loss (nats)    R²");
            foreach (var b in report.Budgets)
                text.AppendLine(Invariant($"  {b.Budget,12:G4}  {b.Runs,4}  {b.OptimalParams,15:N0}{Iv(b.OptimalParamsInterval, "N0")}  {b.OptimalTokens,15:N0}  {b.TokensPerParam,12:F2}{Iv(b.TokensPerParamInterval, "F2")}  {b.MinimumLoss,15:F4}  {b.R2,5:F3}{(b.Bracketed ? "" : "  (outside the sizes measured: extrapolated)")}"));
            if (r.ParamsExponent is { } a && r.TokensExponent is { } t) text.AppendLine(Invariant($"N_opt ∝ C^{a:F3}, D_opt ∝ C^{t:F3}"));
            return text.ToString().TrimEnd();
        });
    }

    public static AnalysisOutput Parametric(CliArgs args)
    {
        var path = args.Required("points");
        var budgets = args.All("budget").Select(ParseBudget).ToList();
        var resamples = Bootstrap(args);
        var seed = args.Int("seed", 1);
        var holdoutAbove = args.Double("holdout-above");
        if (holdoutAbove is { } h && !(h > 0 && double.IsFinite(h)))
            throw CliException.BadInput($"--holdout-above must be a positive number of FLOPs such as 1e18 (got {h}).");
        var exclude = args.Int("exclude-highest-loss");
        var all = LossTableCsv.ReadFile(path);
        var names = new Dictionary<string, string> { ["observations"] = $"--points {path}", ["excludeHighestLoss"] = "--exclude-highest-loss", ["holdoutAbove"] = "--holdout-above" };
        var (runs, excluded) = exclude is { } k ? AnalyzeCurves.NamingFiles(() => FitResiduals.ExcludeHighestLoss(all, k), names) : (all, []);
        IReadOnlyList<LossObservation> heldOut = [];
        if (holdoutAbove is { } above)
            (runs, heldOut) = AnalyzeCurves.NamingFiles(() => LossPredictor.Split(runs, above), names);
        var fit = AnalyzeCurves.NamingFiles(() => ParametricFitAnalysis.Fit(runs), names);
        // The held-out check needs intervals: without --bootstrap it uses 200 resamples.
        int? count = resamples ?? (holdoutAbove is null ? null : 200);
        var boot = count is { } n ? ParametricFitBootstrap.Run(runs, fit, n, seed) : null;
        var holdout = holdoutAbove is null ? null : LossPredictor.Holdout(fit, boot!, FitResiduals.RunScatter(fit, runs), heldOut);
        var optima = budgets.Select(c => new ComputeOptimum(c, fit.OptimalParams(c), fit.OptimalTokens(c), fit.OptimalTokensPerParam(c))
        {
            ParamsInterval = boot?.OptimalParams(c),
            TokensInterval = boot?.OptimalTokens(c),
            TokensPerParamInterval = boot?.OptimalTokensPerParam(c),
        }).ToList();
        var outliers = FitResiduals.Outliers(fit, runs);
        var report = new ParametricFitReport(fit.E, fit.A, fit.Alpha, fit.B, fit.Beta, fit.Objective, fit.Starts, fit.FailedStarts, optima)
        {
            Bootstrap = boot is null ? null : boot.Samples.Count + boot.Unconverged,
            Seed = boot is null ? null : seed,
            Unconverged = boot?.Unconverged,
            RunScatter = boot is null ? null : FitResiduals.RunScatter(fit, runs),
            Intervals = boot is null ? null : new FitIntervals(boot.E, boot.A, boot.Alpha, boot.B, boot.Beta),
            Samples = boot?.Samples.Select(x => new[] { x.E, x.A, x.Alpha, x.B, x.Beta }).ToList(),
            Outliers = outliers.Count > 0 ? outliers : null,
            Excluded = exclude is null ? null : excluded.Select(x => new ExcludedRun(x.Params, x.Tokens, x.Loss)).ToList(),
            HoldoutAbove = holdoutAbove,
            Holdout = holdout,
        };
        return new AnalysisOutput(() => Json.Serialize(report), () => FitText(report, runs.Count));
    }

    /// <summary>`--bootstrap N`: null when absent; otherwise N resamples (10 to 100,000).</summary>
    internal static int? Bootstrap(CliArgs args)
    {
        var n = args.Int("bootstrap");
        if (n is { } count && count is < 10 or > 100_000)
            throw CliException.BadInput($"--bootstrap must be a number of resamples from 10 to 100,000, such as 200 (got {count}).");
        return n;
    }

    private static string FitText(ParametricFitReport r, int runs)
    {
        var iv = r.Intervals;
        var text = new StringBuilder(Invariant(
            $"L(N, D) = {r.E:F4}{Iv(iv?.E, "F4")} + {r.A:G4}{Iv(iv?.A, "G4")}/N^{r.Alpha:F4}{Iv(iv?.Alpha, "F4")} + {r.B:G4}{Iv(iv?.B, "G4")}/D^{r.Beta:F4}{Iv(iv?.Beta, "F4")} nats (N params, D tokens); Huber objective {r.Objective:G3}, {r.Starts - r.FailedStarts} of {r.Starts} starts converged\n"));
        if (r.Bootstrap is { } n)
            text.AppendLine(Invariant($"95% intervals: {n} bootstrap resamples of the {runs} runs (seed {r.Seed}), {n - r.Unconverged} converged; run scatter {r.RunScatter:F4} in ln L"));
        foreach (var o in r.Optimal)
            text.AppendLine(Invariant($"at {o.Flops:G4} FLOPs: N_opt = {o.Params:N0}{Iv(o.ParamsInterval, "N0")} parameters, D_opt = {o.Tokens:N0}{Iv(o.TokensInterval, "N0")} tokens, {o.TokensPerParam:F2}{Iv(o.TokensPerParamInterval, "F2")} tokens/param"));
        if (r.Excluded is { } ex)
            text.AppendLine($"left out ({ex.Count} highest losses): " + string.Join("; ", ex.Select(x => Invariant($"{x.Params:G4} params, {x.Tokens:G4} tokens, loss {x.Loss:F4}"))));
        if (r.Outliers is { } outl)
            text.AppendLine(Invariant($"outliers (residual beyond {FitResiduals.OutlierThreshold} robust SDs, kept in the fit): ") + string.Join("; ", outl.Select(x => Invariant($"{x.Params:G4} params, {x.Tokens:G4} tokens, loss {x.Loss:F4} vs fitted {x.Predicted:F4}"))));
        if (r.Holdout is { } rows)
        {
            text.AppendLine(Invariant($"held out (above {r.HoldoutAbove:G4} FLOPs; fitted on the {runs} runs below): {rows.Count(x => x.Inside)} of {rows.Count} inside their 95% prediction interval"));
            text.AppendLine("        params          tokens       FLOPs  measured  predicted [95% interval]    inside");
            foreach (var x in rows)
                text.AppendLine(Invariant($"  {x.Params,12:N0}  {x.Tokens,14:N0}  {x.Flops,10:G3}  {x.Measured,8:F4}  {x.Predicted:F4}{Iv(x.Interval, "F4"),-20}  {(x.Inside ? "yes" : "no")}"));
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>" [lo, hi]" in the given format, "" without an interval; an open end prints as ∞ (or 0 below).</summary>
    internal static string Iv(IReadOnlyList<double?>? interval, string format) => interval is null ? "" :
        $" [{(interval[0] is { } lo ? lo.ToString(format, CultureInfo.InvariantCulture) : "0")}, {(interval[1] is { } hi ? hi.ToString(format, CultureInfo.InvariantCulture) : "∞")}]";

    private static double ParseBudget(string raw) =>
        double.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x)
            ? x
            : throw CliException.BadInput($"--budget must be a positive number of FLOPs such as 1e21 (got '{raw}').");
}

/// <summary>The compute-optimal split at one budget (FLOPs = 6·N·D); intervals with --bootstrap.</summary>
internal sealed record ComputeOptimum(double Flops, double Params, double Tokens, double TokensPerParam)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double?[]? ParamsInterval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double?[]? TokensInterval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double?[]? TokensPerParamInterval { get; init; }
}

/// <summary>A run left out by --exclude-highest-loss.</summary>
internal sealed record ExcludedRun(double Params, double Tokens, double Loss);

/// <summary>The 95% intervals of the five constants.</summary>
internal sealed record FitIntervals(double?[] E, double?[] A, double?[] Alpha, double?[] B, double?[] Beta);

/// <summary>
/// `osc analyze fit --json`: the fitted constants and the optima at the requested budgets. The fields after
/// Optimal appear only with the options that produce them (--bootstrap, --exclude-highest-loss, --holdout-above)
/// or when there is something to list (outliers), so the output without them is unchanged.
/// </summary>
internal sealed record ParametricFitReport(double E, double A, double Alpha, double B, double Beta, double Objective, int Starts, int FailedStarts, IReadOnlyList<ComputeOptimum> Optimal)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Bootstrap { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Seed { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Unconverged { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? RunScatter { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public FitIntervals? Intervals { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<double[]>? Samples { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<FitOutlier>? Outliers { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<ExcludedRun>? Excluded { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? HoldoutAbove { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<HoldoutRow>? Holdout { get; init; }
}

/// <summary>One budget of `osc analyze isoflop --json`; the intervals only with --bootstrap.</summary>
internal sealed record IsoFlopBudgetReport(double Budget, int Runs, double OptimalParams, double OptimalTokens, double TokensPerParam, double MinimumLoss, double Curvature, double R2, bool Bracketed)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double?[]? OptimalParamsInterval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double?[]? TokensPerParamInterval { get; init; }
}

/// <summary>`osc analyze isoflop --json`.</summary>
internal sealed record IsoFlopReport(IReadOnlyList<IsoFlopBudgetReport> Budgets, double? ParamsExponent, double? TokensExponent)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Bootstrap { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Seed { get; init; }
}
