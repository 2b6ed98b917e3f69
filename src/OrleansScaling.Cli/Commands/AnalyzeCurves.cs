using System.Globalization;
using System.Text;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;
using static OrleansScaling.Cli.Commands.PlanText;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc analyze speedup|powerlaw|frontier`: analyses of learning-curve CSVs.</summary>
internal static class AnalyzeCurves
{
    public static AnalysisOutput Speedup(CliArgs args)
    {
        var (sPath, mPath) = (args.Required("s"), args.Required("m"));
        var (s, m) = (CurveCsv.ReadFile(sPath), CurveCsv.ReadFile(mPath));
        var r = NamingFiles(() => SpeedupAnalysis.Compute(s, m), new() { ["single"] = $"--s {sPath}", ["multi"] = $"--m {mPath}" });
        return new AnalysisOutput(() => Json.Serialize(r), () => r.Speedup is { } x
            ? Invariant($"speedup {x:F2}×: M reaches its best test loss {r.MultiEpochBestLoss:F4} nats at iteration {r.MultiEpochBestIteration:N0}; S reaches it at iteration {r.SingleEpochIterationToReach:N0}.")
            : Invariant($"no speedup: S never reaches M's best test loss {r.MultiEpochBestLoss:F4} nats (M's iteration {r.MultiEpochBestIteration:N0})."));
    }

    public static AnalysisOutput PowerLaw(CliArgs args)
    {
        var path = args.Required("curve");
        var from = args.Long("from");
        var form = args.String("form") ?? "power";
        var curve = CurveCsv.ReadFile(path);
        var names = new Dictionary<string, string> { ["curve"] = $"--curve {path}", ["from"] = "--from" };
        if (form == "irreducible")
        {
            var fit = NamingFiles(() => IrreducibleLossAnalysis.Fit(curve, from), names);
            return new AnalysisOutput(() => Json.Serialize(fit), () => Invariant(
                $"L = {fit.Irreducible:F4} + {fit.Coefficient:G4}·I^(−{fit.Exponent:F4}) nats over iterations {fit.FromIteration:N0}..{fit.ToIteration:N0}, R² = {fit.R2:F4}"));
        }
        if (form != "power") throw CliException.BadInput($"--form must be power or irreducible (got '{form}').");
        var p = NamingFiles(() => PowerLawAnalysis.Fit(curve, from), names);
        return new AnalysisOutput(() => Json.Serialize(p), () => Invariant(
            $"L = {p.Coefficient:G4}·I^(−{p.Exponent:F4}) nats over iterations {p.FromIteration:N0}..{p.ToIteration:N0} ({(from is null ? "detected start" : "--from")}), R² = {p.R2:F4}"));
    }

    public static AnalysisOutput Frontier(CliArgs args)
    {
        var paths = args.All("curve");
        var parameters = args.All("params");
        if (paths.Count != parameters.Count)
            throw CliException.BadInput($"give one --params per --curve, in the same order (got {paths.Count} curves and {parameters.Count} parameter counts).");
        var c = args.Long("tokens-per-iteration") ?? throw CliException.BadInput("--tokens-per-iteration is required (batch × context, e.g. 2048): it converts iterations to tokens per parameter.");
        var names = new Dictionary<string, string> { ["tokensPerIteration"] = "--tokens-per-iteration", ["curves"] = "--curve" };
        var curves = new List<FrontierCurve>();
        for (var i = 0; i < paths.Count; i++)
        {
            var p = ParseParams(parameters[i]);
            names[$"params={p}"] = $"--curve {paths[i]}";
            curves.Add(new FrontierCurve(p, CurveCsv.ReadFile(paths[i])));
        }
        var r = NamingFiles(() => FrontierAnalysis.Compute(curves, c), names);
        return new AnalysisOutput(() => Json.Serialize(r), () => FrontierText(r));
    }

    private static string FrontierText(FrontierResult r)
    {
        var text = new StringBuilder("compute-efficient frontier (lowest test loss at equal FLOPs):\n");
        text.AppendLine("       params   optimal iterations          optimal tokens/param");
        foreach (var s in r.Sizes)
            text.AppendLine(Invariant($"  {s.Params,11:N0}   {Range(s.OptimalIterations, "N0"),-26}  {Range(s.OptimalTokensPerParam, "F2")}"));
        text.Append(r.Overlap.Count == 2
            ? Invariant($"overlap {Range(r.Overlap, "F2")} tokens/param") + (r.GeometricMean is { } g ? Invariant($", geometric mean {g:F2} tokens/param") : "")
            : "overlap: none (the sizes' tokens/param ranges do not intersect)");
        return text.ToString();
    }

    private static string Range(IReadOnlyList<double?> range, string format)
    {
        if (range.Count != 2) return "never lowest";
        var from = range[0]!.Value.ToString(format, CultureInfo.InvariantCulture);
        return range[1] is { } to ? $"[{from}, {to.ToString(format, CultureInfo.InvariantCulture)}]" : $"[{from}, ∞)";
    }

    private static long ParseParams(string raw) =>
        double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && x == Math.Floor(x) && x < 9e18
            ? (long)x
            : throw CliException.BadInput($"--params must be a positive whole number such as 18e6 (got '{raw}').");

    /// <summary>Runs an analysis; an error about one of its inputs names the file or flag it came from.</summary>
    internal static T NamingFiles<T>(Func<T> analysis, Dictionary<string, string> flags)
    {
        try
        {
            return analysis();
        }
        catch (ArgumentException e) when (e is not CurveFileException && e.ParamName is { } name && flags.TryGetValue(name, out var flag))
        {
            throw CliException.BadInput($"{flag}: {Plain(e)}");
        }
    }
}
