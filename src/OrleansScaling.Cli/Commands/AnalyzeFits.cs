using System.Text;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;
using static OrleansScaling.Cli.Commands.PlanText;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc analyze isoflop|fit`: Chinchilla's approaches 2 and 3 on a table of finished runs.</summary>
internal static class AnalyzeFits
{
    public static AnalysisOutput IsoFlop(CliArgs args)
    {
        var path = args.Required("points");
        var runs = LossTableCsv.ReadFile(path);
        var r = AnalyzeCurves.NamingFiles(() => IsoFlopAnalysis.Compute(runs), new() { ["budget"] = $"--points {path}", ["runs"] = $"--points {path}" });
        return new AnalysisOutput(() => Json.Serialize(r), () =>
        {
            var text = new StringBuilder("IsoFLOP profiles (parabola of final loss against ln params):\n");
            text.AppendLine("  budget FLOPs  runs   optimal params   optimal tokens  tokens/param  min loss (nats)    R²");
            foreach (var b in r.Budgets)
                text.AppendLine(Invariant($"  {b.Budget,12:G4}  {b.Runs,4}  {b.OptimalParams,15:N0}  {b.OptimalTokens,15:N0}  {b.TokensPerParam,12:F2}  {b.MinimumLoss,15:F4}  {b.R2,5:F3}{(b.Bracketed ? "" : "  (outside the sizes measured: extrapolated)")}"));
            if (r.ParamsExponent is { } a && r.TokensExponent is { } t) text.AppendLine(Invariant($"N_opt ∝ C^{a:F3}, D_opt ∝ C^{t:F3}"));
            return text.ToString().TrimEnd();
        });
    }

    public static AnalysisOutput Parametric(CliArgs args)
    {
        var path = args.Required("points");
        var budgets = args.All("budget").Select(ParseBudget).ToList();
        var runs = LossTableCsv.ReadFile(path);
        var fit = AnalyzeCurves.NamingFiles(() => ParametricFitAnalysis.Fit(runs), new() { ["observations"] = $"--points {path}" });
        var optima = budgets.Select(c => new ComputeOptimum(c, fit.OptimalParams(c), fit.OptimalTokens(c), fit.OptimalTokensPerParam(c))).ToList();
        var report = new ParametricFitReport(fit.E, fit.A, fit.Alpha, fit.B, fit.Beta, fit.Objective, fit.Starts, fit.FailedStarts, optima);
        return new AnalysisOutput(() => Json.Serialize(report), () =>
        {
            var text = new StringBuilder(Invariant(
                $"L(N, D) = {fit.E:F4} + {fit.A:G4}/N^{fit.Alpha:F4} + {fit.B:G4}/D^{fit.Beta:F4} nats (N params, D tokens); Huber objective {fit.Objective:G3}, {fit.Starts - fit.FailedStarts} of {fit.Starts} starts converged\n"));
            foreach (var o in optima)
                text.AppendLine(Invariant($"at {o.Flops:G4} FLOPs: N_opt = {o.Params:N0} parameters, D_opt = {o.Tokens:N0} tokens, {o.TokensPerParam:F2} tokens/param"));
            return text.ToString().TrimEnd();
        });
    }

    private static double ParseBudget(string raw) =>
        double.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x)
            ? x
            : throw CliException.BadInput($"--budget must be a positive number of FLOPs such as 1e21 (got '{raw}').");
}

/// <summary>The compute-optimal split at one budget (FLOPs = 6·N·D).</summary>
internal sealed record ComputeOptimum(double Flops, double Params, double Tokens, double TokensPerParam);

/// <summary>`osc analyze fit --json`: the fitted constants and the optima at the requested budgets.</summary>
internal sealed record ParametricFitReport(double E, double A, double Alpha, double B, double Beta, double Objective, int Starts, int FailedStarts, IReadOnlyList<ComputeOptimum> Optimal);
