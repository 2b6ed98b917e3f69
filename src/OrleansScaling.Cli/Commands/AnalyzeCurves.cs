using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using static OrleansScaling.Cli.Commands.PlanText;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc analyze speedup|powerlaw|frontier`: analyses of learning-curve CSVs.</summary>
internal static class AnalyzeCurves
{
    public static AnalysisOutput Speedup(CliArgs args)
    {
        var (sPaths, mPaths) = (args.All("s"), args.All("m"));
        if (sPaths.Count == 0) throw CliException.BadInput("--s is required (the one-epoch curve CSV; give it once per seed).");
        if (mPaths.Count == 0) throw CliException.BadInput("--m is required (the multi-epoch curve CSV; give it once per seed).");
        if (sPaths.Count != mPaths.Count)
            throw CliException.BadInput($"give one --m per --s, paired in order by seed (got {sPaths.Count} --s and {mPaths.Count} --m).");
        var resamples = AnalyzeFits.Bootstrap(args);
        var seed = args.Int("seed", 1);
        var (s, m) = (sPaths.Select(CurveCsv.ReadFile).ToList(), mPaths.Select(CurveCsv.ReadFile).ToList());
        var names = new Dictionary<string, string>();
        for (var i = 0; i < sPaths.Count; i++)
        {
            names.TryAdd("single", $"--s {sPaths[i]}");
            names.TryAdd("multi", $"--m {mPaths[i]}");
        }
        var summary = NamingFiles(() => SpeedupBootstrap.Run(s, m, resamples, seed), names);
        if (summary.Pairs.Count == 1)
        {
            var r = summary.Pairs[0];
            var single = new SpeedupReport(r.Speedup, r.MultiEpochBestIteration, r.MultiEpochBestLoss, r.SingleEpochIterationToReach)
            { SpeedupInterval = summary.SpeedupInterval, Bootstrap = resamples, Seed = resamples is null ? null : seed };
            return new AnalysisOutput(() => Json.Serialize(single), () => PairText(r) + BootstrapText(summary, resamples, seed));
        }
        var many = new SpeedupSeedsReport(summary.Speedup, summary.Pairs) { SpeedupInterval = summary.SpeedupInterval, Bootstrap = resamples, Seed = resamples is null ? null : seed };
        return new AnalysisOutput(() => Json.Serialize(many), () =>
        {
            var text = new StringBuilder(summary.Speedup is { } x
                ? Invariant($"speedup {x:F2}×{AnalyzeFits.Iv(summary.SpeedupInterval, "F2")}: the mean over {summary.Pairs.Count} seed pairs")
                : Invariant($"no mean speedup: in some pair S never reaches M's best test loss"));
            text.Append(BootstrapText(summary, resamples, seed));
            for (var i = 0; i < summary.Pairs.Count; i++) text.Append(Invariant($"\n  pair {i + 1}: ")).Append(PairText(summary.Pairs[i]));
            return text.ToString();
        });
    }

    private static string PairText(SpeedupResult r) => r.Speedup is { } x
        ? Invariant($"speedup {x:F2}×: M reaches its best test loss {r.MultiEpochBestLoss:F4} nats at iteration {r.MultiEpochBestIteration:N0}; S reaches it at iteration {r.SingleEpochIterationToReach:N0}.")
        : Invariant($"no speedup: S never reaches M's best test loss {r.MultiEpochBestLoss:F4} nats (M's iteration {r.MultiEpochBestIteration:N0}).");

    private static string BootstrapText(SpeedupSummary s, int? resamples, int seed) => resamples is { } n
        ? (s.Pairs.Count == 1 ? Invariant($"\n95% interval {AnalyzeFits.Iv(s.SpeedupInterval, "F2").Trim()}") : "")
          + (s.Basis is { } basis ? $"\n(95% interval: {basis})" : "")
        : "";

    public static AnalysisOutput PowerLaw(CliArgs args)
    {
        var path = args.Required("curve");
        var from = args.Long("from");
        var form = args.String("form") ?? "power";
        var resamples = AnalyzeFits.Bootstrap(args);
        var seed = args.Int("seed", 1);
        var curve = CurveCsv.ReadFile(path);
        var names = new Dictionary<string, string> { ["curve"] = $"--curve {path}", ["from"] = "--from" };
        var boot = form == "irreducible" ? "irreducible" : form == "power" ? "power" : throw CliException.BadInput($"--form must be power or irreducible (got '{form}').");
        PowerLawIntervals? intervals = resamples is { } n
            ? NamingFiles(() => boot == "power" ? CurveBootstrap.PowerLaw(curve, from, n, seed) : CurveBootstrap.Irreducible(curve, from, n, seed), names)
            : null;
        var note = resamples is { } count ? Invariant($"\n95% intervals: {count} moving-block residual bootstrap resamples along the curve (seed {seed})") : "";
        if (form == "irreducible")
        {
            var fit = NamingFiles(() => IrreducibleLossAnalysis.Fit(curve, from), names);
            object report = intervals is null ? fit : new IrreducibleReport(fit.Irreducible, fit.Coefficient, fit.Exponent, fit.R2, fit.FromIteration, fit.ToIteration, intervals.ExponentInterval, intervals.CoefficientInterval, resamples!.Value, seed);
            return new AnalysisOutput(() => Json.Serialize(report), () => Invariant(
                $"L = {fit.Irreducible:F4} + {fit.Coefficient:G4}{AnalyzeFits.Iv(intervals?.CoefficientInterval, "G4")}·I^(−{fit.Exponent:F4}{AnalyzeFits.Iv(intervals?.ExponentInterval, "F4")}) nats over iterations {fit.FromIteration:N0}..{fit.ToIteration:N0}, R² = {fit.R2:F4}") + note);
        }
        var p = NamingFiles(() => PowerLawAnalysis.Fit(curve, from), names);
        object powerReport = intervals is null ? p : new PowerLawReport(p.Exponent, p.Coefficient, p.R2, p.FromIteration, p.ToIteration, intervals.ExponentInterval, intervals.CoefficientInterval, resamples!.Value, seed);
        return new AnalysisOutput(() => Json.Serialize(powerReport), () => Invariant(
            $"L = {p.Coefficient:G4}{AnalyzeFits.Iv(intervals?.CoefficientInterval, "G4")}·I^(−{p.Exponent:F4}{AnalyzeFits.Iv(intervals?.ExponentInterval, "F4")}) nats over iterations {p.FromIteration:N0}..{p.ToIteration:N0} ({(from is null ? "detected start" : "--from")}), R² = {p.R2:F4}") + note);
    }

    public static AnalysisOutput Forecast(CliArgs args)
    {
        var path = args.Required("curve");
        var iterations = args.Long("iterations") ?? throw CliException.BadInput("--iterations is required: the run's planned number of iterations, the one to forecast the final test loss at.");
        var scheduleName = args.String("schedule");
        LearningRateSchedule? schedule = scheduleName is null ? null
            : Enum.TryParse<LearningRateSchedule>(scheduleName, ignoreCase: true, out var parsed) && !int.TryParse(scheduleName, out _) ? parsed
            : throw CliException.BadInput($"--schedule must be {string.Join(" or ", Enum.GetNames<LearningRateSchedule>().Select(n => n.ToLowerInvariant()))} (got '{scheduleName}').");
        var lr = args.Double("lr");
        var warmup = args.Int("warmup");
        var resamples = AnalyzeFits.Bootstrap(args) ?? LossForecaster.DefaultResamples;
        var seed = args.Int("seed", 1);
        var curve = CurveCsv.ReadFile(path);
        var names = new Dictionary<string, string> { ["curve"] = $"--curve {path}", ["iterations"] = "--iterations", ["lr"] = "--lr", ["warmup"] = "--warmup" };
        var forecast = NamingFiles(() => LossForecaster.Run(curve, iterations, LossForecaster.PlannedRate(curve, iterations, schedule, lr, warmup), resamples, seed), names);
        return new AnalysisOutput(() => Json.Serialize(forecast), () => ForecastText(forecast));
    }

    private static string ForecastText(Forecast f)
    {
        var text = Invariant($"final test loss at iteration {f.ToIteration:N0}: {f.FinalLoss:F4}{AnalyzeFits.Iv(f.Interval, "F4")} nats (95%), forecast from the curve up to iteration {f.FromIteration:N0}");
        if (f.Law is { } law)
            text += Invariant($"\nL = {law.L0:F4} + {law.A:G4}·S1^(−{law.Alpha:F4})") + (law.C > 0 ? Invariant($" − {law.C:G4}·S2") : "") + " (S1, S2: the schedule's forward and annealing areas, in peak-rate iterations)";
        if (f.Basis is { } basis) text += $"\n({basis})";
        return text;
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

/// <summary>`osc analyze speedup --json` for one pair: the pair's fields, plus the interval with --bootstrap.</summary>
internal sealed record SpeedupReport(double? Speedup, long MultiEpochBestIteration, double MultiEpochBestLoss, double? SingleEpochIterationToReach)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double?[]? SpeedupInterval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Bootstrap { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Seed { get; init; }
}

/// <summary>`osc analyze speedup --json` for several seed pairs: the mean speedup and each pair.</summary>
internal sealed record SpeedupSeedsReport(double? Speedup, IReadOnlyList<SpeedupResult> Pairs)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double?[]? SpeedupInterval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Bootstrap { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Seed { get; init; }
}

/// <summary>`osc analyze powerlaw --bootstrap N --json`: the fit's fields and the intervals.</summary>
internal sealed record PowerLawReport(double Exponent, double Coefficient, double R2, long FromIteration, long ToIteration, double?[] ExponentInterval, double?[] CoefficientInterval, int Bootstrap, int Seed);

/// <summary>`osc analyze powerlaw --form irreducible --bootstrap N --json`.</summary>
internal sealed record IrreducibleReport(double Irreducible, double Coefficient, double Exponent, double R2, long FromIteration, long ToIteration, double?[] ExponentInterval, double?[] CoefficientInterval, int Bootstrap, int Seed);
