using System.Globalization;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Reports.Study;
using OrleansScaling.Science.Analysis.Stopping;

namespace OrleansScaling.Cli.Commands;

/// <summary>
/// `osc sweep replay --data DIR --policy frontier [--min-fraction F] [--json]`: the early-stopping policy replayed over
/// an exported study's curves as if they were arriving live (Science's <see cref="ReplayReport"/>); no cluster.
/// </summary>
public static class SweepReplay
{
    public const string Usage = """
        osc sweep replay --data DIR --policy frontier [--min-fraction F] [--json]
          Replays early stopping over exported curves as if they were arriving live, truncates the runs it stops, runs the
          analyses on the full and the replayed study and prints the training FLOPs saved and every decision (IsoFLOP
          optima, compute-optimal line, speedups) with whether the replayed value is inside the full study's 95% interval.
          DIR is one `osc export ID --format csv` or a folder of them (as `osc report` reads). --min-fraction: no run stops
          before this fraction of its iterations (default 0.3). --json prints {flopsUsed, flopsFull, saved, decisions:
          [{analysis, full, replayed, inside, interval, basis}], stops, notes}.
        """;

    public static Task<int> RunAsync(CliArgs args, TextWriter output)
    {
        if (args.Positionals.Count > 1) throw CliException.BadInput($"unexpected argument '{args.Positionals[1]}'; give the study with --data DIR.");
        var data = args.String("data") ?? throw CliException.BadInput("--data is required: an export folder (runs.csv, curves/) or a folder of them.");
        var policy = args.String("policy") ?? throw CliException.BadInput($"--policy is required: the one policy is {EarlyStoppingSettings.Frontier}.");
        if (policy != EarlyStoppingSettings.Frontier) throw CliException.BadInput($"--policy '{policy}' is unknown: use --policy {EarlyStoppingSettings.Frontier}.");
        var minFraction = args.Double("min-fraction") ?? new EarlyStoppingSettings().MinFraction;
        if (!(minFraction is >= 0 and <= 1)) throw CliException.BadInput($"--min-fraction {minFraction.ToString(CultureInfo.InvariantCulture)} is not a fraction: give a number from 0 to 1, e.g. 0.3.");
        var json = args.Json;
        var unknown = args.Unread().ToList();
        if (unknown.Count > 0) throw CliException.BadInput($"unknown option {string.Join(", ", unknown.Select(u => "--" + u))}.");

        StudyData study;
        try
        {
            study = StudyData.Load(data);
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput($"--data: {PlanText.Plain(e)}");
        }
        var report = ReplayReport.Of(study.Runs, new EarlyStoppingSettings(policy, minFraction), study.LeftOut);
        output.WriteLine(json ? Json.Serialize(report) : Text(report));
        return Task.FromResult(ExitCodes.Success);
    }

    private static string Text(ReplayReport r)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"training FLOPs: {r.FlopsUsed:0.###e0} used of {r.FlopsFull:0.###e0} ({r.Saved * 100:0.0}% saved)"),
        };
        lines.AddRange(r.Stops.Select(s => $"stopped {s.Source}/{s.Key} at iteration {s.Iteration} of {s.Iterations}: {s.Reason}"));
        lines.AddRange(r.Decisions.Select(d =>
            $"{d.Analysis}: full {Value(d.Full)}, replayed {Value(d.Replayed)}, full 95% interval{AnalyzeFits.Iv(d.Interval, "G4")}: "
            + (d.Inside switch { true => "inside", false => "OUTSIDE", null => "no interval to compare" })
            + (d.Basis is { } b ? $" ({b.Count})" : "")));
        lines.AddRange(r.Notes.Select(n => $"note: {n}"));
        return string.Join('\n', lines);
    }

    private static string Value(double? v) => v is { } x ? x.ToString("G4", CultureInfo.InvariantCulture) : "none";
}
