using System.Diagnostics;
using System.Globalization;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;

// Replays every finished curve under a data folder (default docs/data) cut at 20%, 30% and 50% of its iterations and
// scores the final-loss forecast: absolute percentage error (median, mean, p90) and the 95% interval's coverage, per cut
// and per group, with the interval's median width. Usage: bench-forecast [DATA=docs/data] [RESAMPLES=200] [--calibrate]
// [--cases] [--tsv=FILE] [--time]. --calibrate also prints the κ (LossForecaster.Calibration) that gives 95% coverage
// on the calibration half; --cases one line per forecast, worst first; --tsv=FILE one row per forecast with its parts
// (for analysis off line); --time only times the run grain's refit (50 resamples, from 50%) and exits.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var positional = args.Where(a => !a.StartsWith("--")).ToArray();
var root = positional.Length > 0 ? positional[0] : "docs/data";
var resamples = positional.Length > 1 ? int.Parse(positional[1]) : LossForecaster.DefaultResamples;
var calibrate = args.Contains("--calibrate");
var cuts = args.Contains("--full") ? new[] { 0.2, 0.3, 0.5, 1.0 } : new[] { 0.2, 0.3, 0.5 };

var files = Directory.EnumerateFiles(root, "*.csv", SearchOption.AllDirectories)
    .Where(f => !Path.GetFileName(f).Equals("runs.csv", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal).ToList();
var unfinished = Unfinished(root);
var curves = new List<Curve>();
foreach (var file in files)
{
    IReadOnlyList<CurvePoint> points;
    try { points = CurveCsv.ReadFile(file); }
    catch (CurveFileException) { continue; } // not a curve (a loss table)
    var key = Path.GetFileNameWithoutExtension(file);
    if (unfinished.Contains(Path.GetRelativePath(root, file))) continue;
    curves.Add(new Curve(Path.GetRelativePath(root, file), points, Regime(Path.GetRelativePath(root, file)), PlateauThenDrop(points)));
}
// The calibration half: every other one-epoch curve in path order; the report half is the rest.
var oneEpoch = curves.Where(c => c.Regime is "S" or "SD").ToList();
var calibrationSet = oneEpoch.Where((_, i) => i % 2 == 0).Select(c => c.Path).ToHashSet();

if (args.Contains("--time"))
{
    // The run grain's refit: one forecast with 50 resamples from half of each S curve; 5 rounds, the median per forecast.
    var s = curves.Where(c => c.Regime == "S").Select(c => (c, Prefix: c.Points.Where(p => p.Iteration <= c.Points[^1].Iteration / 2).ToList()))
        .Where(x => x.Prefix.Count > LossForecaster.MinimumEvaluations + 3).ToList();
    var rounds = new List<double>();
    for (var round = 0; round < 6; round++)
    {
        var w = Stopwatch.StartNew();
        foreach (var (c, prefix) in s)
            try { LossForecaster.Run(prefix, c.Points[^1].Iteration, LossForecaster.PlannedRate(c.Points, c.Points[^1].Iteration), 50); }
            catch (ArgumentException) { }
        if (round > 0) rounds.Add(w.Elapsed.TotalMilliseconds / s.Count); // round 0 warms the JIT
    }
    rounds.Sort();
    Console.WriteLine($"time: {s.Count} forecasts from 50% with 50 resamples, 5 rounds: median {rounds[2]:F1} ms per forecast (min {rounds[0]:F1}, max {rounds[^1]:F1})");
    return;
}
var watch = Stopwatch.StartNew();
var cases = new List<Case>();
foreach (var curve in curves)
foreach (var cut in cuts)
{
    var iterations = curve.Points[^1].Iteration;
    var prefix = curve.Points.Where(p => p.Iteration <= cut * iterations).ToList();
    var plan = LossForecaster.PlannedRate(curve.Points, iterations);
    ForecastComponents f;
    try { f = LossForecaster.Analyze(prefix, iterations, plan, resamples, seed: 1); }
    catch (ArgumentException e) { cases.Add(new Case(curve, cut, null, e.Message)); continue; }
    cases.Add(new Case(curve, cut, f, null));
}
var seconds = watch.Elapsed.TotalSeconds;

Console.WriteLine($"{curves.Count} finished curves under {root} ({oneEpoch.Count} one-epoch S/SD, {curves.Count(c => c.Regime == "S")} S, {curves.Count(c => c.Regime == "S" && c.PlateauDrop)} of them plateau-then-drop, {curves.Count(c => c.Regime == "S" && c.ByteTokens)} byte-token); {resamples} resamples; {seconds:F1} s for {cases.Count} forecasts");
foreach (var refused in cases.Where(c => c.Result is null)) Console.WriteLine($"  refused: {refused.Curve.Path} at {refused.Cut:P0}: {refused.Error}");
Console.WriteLine();
Console.WriteLine("| curves | cut | n | APE median | APE mean | APE p90 | 95% coverage | interval width median | recent-trend APE median / mean |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
var groups = new (string Name, Func<Curve, bool> Member)[]
{
    ("S (one-epoch, the 51 of the baseline)", c => c.Regime == "S"),
    ("S, plateau-then-drop", c => c.Regime == "S" && c.PlateauDrop),
    ("S, the rest", c => c.Regime == "S" && !c.PlateauDrop),
    ("S, byte tokens", c => c.Regime == "S" && c.ByteTokens),
    ("S, BPE and GPT-2 tokens", c => c.Regime == "S" && !c.ByteTokens),
    ("S+SD calibration half", c => calibrationSet.Contains(c.Path)),
    ("S+SD report half", c => c.Regime is "S" or "SD" && !calibrationSet.Contains(c.Path)),
    ("all finished curves (incl. multi-epoch)", _ => true),
    ("multi-epoch M/MD", c => c.Regime is "M" or "MD"),
};
foreach (var (name, member) in groups)
foreach (var cut in cuts)
{
    var set = cases.Where(c => c.Cut == cut && c.Result is not null && member(c.Curve)).ToList();
    if (set.Count == 0) continue;
    var ape = set.Select(c => c.Ape).Order().ToArray();
    var lateApe = set.Select(c => 100 * Math.Abs(c.Result!.LateForecast / c.Truth - 1)).Order().ToArray();
    var covered = set.Count(c => c.Covered);
    var width = set.Select(c => c.Width).Order().ToArray();
    Console.WriteLine($"| {name} | {cut:P0} | {set.Count} | {Quantile(ape, 0.5):F2}% | {ape.Average():F2}% | {Quantile(ape, 0.9):F2}% | {100.0 * covered / set.Count:F1}% ({covered}/{set.Count}) | {Quantile(width, 0.5):F1}% | {Quantile(lateApe, 0.5):F2}% / {lateApe.Average():F2}% |");
}
if (calibrate)
{
    // κ each calibration case needs to be covered; the 95th percentile over cases gives 95% coverage there.
    var calibrationCases = cases.Where(c => c.Result is not null && calibrationSet.Contains(c.Curve.Path)).ToList();
    double[] Needed(bool below) => calibrationCases.Select(c =>
    {
        var r = c.Result!;
        var z = Math.Log(c.Truth / r.Forecast.FinalLoss) / 1.959963984540054;
        if (below ? z > 0 : z < 0) return 0;
        var rest = z * z - r.SigmaFit * r.SigmaFit - r.ModelSpread * r.ModelSpread - r.EnsembleSpread * r.EnsembleSpread;
        return rest <= 0 ? 0 : Math.Sqrt(rest) / Math.Pow(r.Horizon, LossForecaster.HorizonPower);
    }).Order().ToArray();
    var (lower, upper) = (Needed(true), Needed(false));
    Console.WriteLine();
    Console.WriteLine($"calibration half ({calibrationCases.Count} forecasts): κ below for 1.25% / 2.5% / 5% missed below = {Quantile(lower, 0.9875):F4} / {Quantile(lower, 0.975):F4} / {Quantile(lower, 0.95):F4} (in use: {LossForecaster.Calibration}); κ above, same = {Quantile(upper, 0.9875):F4} / {Quantile(upper, 0.975):F4} / {Quantile(upper, 0.95):F4} (in use: {LossForecaster.CalibrationAbove})");
}
if (args.FirstOrDefault(a => a.StartsWith("--tsv=")) is { } tsv)
    File.WriteAllLines(tsv[6..], cases.Where(c => c.Result is not null).Select(c =>
        $"{c.Curve.Path}\t{c.Curve.Regime}\t{(calibrationSet.Contains(c.Curve.Path) ? "cal" : "rep")}\t{c.Cut}\t{c.Truth}\t{c.Result!.Forecast.FinalLoss}\t{c.Result.LateForecast}\t{c.Result.SigmaFit}\t{c.Result.ModelSpread}\t{c.Result.Horizon}\t{c.Curve.PlateauDrop}\t{c.Result.Forecast.Interval[0]}\t{c.Result.Forecast.Interval[1]}\t{c.Result.Forecast.Law!.L0}\t{c.Result.Forecast.Law.A}\t{c.Result.Forecast.Law.Alpha}\t{c.Result.EnsembleSpread}"));
if (args.Contains("--cases"))
    foreach (var c in cases.Where(c => c.Result is not null).OrderByDescending(c => c.Ape))
        Console.WriteLine($"{c.Curve.Path,-55} {c.Cut:P0} truth {c.Truth:F4} forecast {c.Result!.Forecast.FinalLoss:F4} [{c.Result.Forecast.Interval[0]:F4}, {c.Result.Forecast.Interval[1]:F4}] ape {c.Ape:F2}% fit {c.Result.SigmaFit:F4} spread {c.Result.ModelSpread:F4} h {c.Result.Horizon:F2}{(c.Curve.PlateauDrop ? " plateau" : "")}");

static double Quantile(double[] sorted, double q)
{
    var x = q * (sorted.Length - 1);
    var lo = (int)Math.Floor(x);
    var hi = Math.Min(lo + 1, sorted.Length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo);
}

// Regime from the file name: d176-L4-M(E=10)-seed1, S-seed2, M-E10, SD.
static string Regime(string path)
{
    var tokens = Path.GetFileNameWithoutExtension(path).Split('-');
    if (tokens.Contains("S")) return "S";
    if (tokens.Contains("SD")) return "SD";
    if (tokens.Any(t => t.StartsWith("MD"))) return "MD";
    if (tokens.Any(t => t.StartsWith('M'))) return "M";
    return "?";
}

// Plateau then a second drop: the log-log slope over the last half of the run is at least 1.5× as steep as over
// its second quarter (a power law with an irreducible term only flattens).
static bool PlateauThenDrop(IReadOnlyList<CurvePoint> points)
{
    var t = points[^1].Iteration;
    double LossAt(double fraction) => points.MinBy(p => Math.Abs(p.Iteration - fraction * t))!.TestLoss;
    double Slope(double a, double b) => Math.Log(LossAt(b) / LossAt(a)) / Math.Log(b / a);
    var (mid, late) = (Slope(0.25, 0.5), Slope(0.5, 1.0));
    return late < -0.02 && late < 1.1 * mid;
}

// Curves whose runs.csv row says the run did not succeed or stopped before its planned iterations.
static HashSet<string> Unfinished(string root)
{
    var result = new HashSet<string>();
    foreach (var table in Directory.EnumerateFiles(root, "runs.csv", SearchOption.AllDirectories))
    {
        var lines = File.ReadAllLines(table);
        var header = lines[0].Split(',');
        int key = Array.IndexOf(header, "key"), status = Array.IndexOf(header, "status"), planned = Array.IndexOf(header, "iterations"), reached = Array.IndexOf(header, "iteration");
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells[status] != "succeeded" || cells[planned] != cells[reached])
                result.Add(Path.GetRelativePath(root, Path.Combine(Path.GetDirectoryName(table)!, "curves", cells[key] + ".csv")));
        }
    }
    return result;
}

record Curve(string Path, IReadOnlyList<CurvePoint> Points, string Regime, bool PlateauDrop)
{
    /// <summary>A byte-token run (vocabulary 256): its first evaluation, before anything is learned, is near ln 256 = 5.55
    /// nats, below 6; BPE-2k (ln 2048 = 7.6) and GPT-2 (ln 50257 = 10.8) runs start above. For reporting only.</summary>
    public bool ByteTokens => Points[0].TestLoss < 6.0;
}

record Case(Curve Curve, double Cut, ForecastComponents? Result, string? Error)
{
    public double Truth => Curve.Points[^1].TestLoss;
    public double Ape => 100 * Math.Abs(Result!.Forecast.FinalLoss / Truth - 1);
    public bool Covered => Result!.Forecast.Interval is [{ } lo, { } hi] && lo <= Truth && Truth <= hi;

    /// <summary>The interval's width (hi − lo) as a percentage of the forecast; +∞ for an open interval.</summary>
    public double Width => Result!.Forecast.Interval is [{ } lo, { } hi] ? 100 * (hi - lo) / Result.Forecast.FinalLoss : double.PositiveInfinity;
}
