using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Client;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc export ID --format csv|json --out DIR`: an experiment (or one run) with every curve, as files.</summary>
public sealed class ExportCommand(IClusterConnector connector) : ClientCommand(connector)
{
    public override string Name => "export";
    public override string Summary => "write an experiment's runs and learning curves (or one run's) to a folder as CSV or JSON";
    public override string Usage => """
        osc export ID --format csv|json --out DIR [--json]
          ID is an experiment (or a single run). Writes into DIR:
            experiment.json          the plan, every run's snapshot and the analyses (run.json for a run)
            runs.csv                 one row per run (csv only)
            curves/KEY.csv|json      each run's learning curve, named by its key in the sweep (e.g. d128-L4-S-seed1)
          Curve CSVs are what `osc analyze --curve` and pandas.read_csv read. Prints the files written
          (--json: {"directory", "files"}). Exit 3 when ID is neither an experiment nor a run.
        """;

    public override Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var format = RunsCommand.ParseFormat(args.Required("format"));
        var directory = args.Required("out");
        var json = args.Json;
        if (args.Positionals.Count != 1)
            throw CliException.BadInput(args.Positionals.Count == 0 ? "an experiment or run ID is required (osc export ID --format csv --out DIR)." : $"unexpected argument '{args.Positionals[1]}'.");
        var id = args.Positionals[0];
        RejectUnknownOptions(args);
        return WithClient(async client =>
        {
            var files = await Export(client, id, format, Path.GetFullPath(directory), cancellationToken);
            await output.WriteAsync(json ? Json.Serialize(new { directory = Path.GetFullPath(directory), files }) + "\n"
                                         : string.Concat(files.Select(f => f + "\n")));
            return ExitCodes.Success;
        }, cancellationToken);
    }

    /// <summary>How many curves `osc export` fetches at once.</summary>
    internal const int CurveFetches = 16;

    private static async Task<IReadOnlyList<string>> Export(IScalingClient client, string id, string format, string directory, CancellationToken cancellationToken)
    {
        var writer = new ExportWriter(directory, format, cancellationToken);
        if (await client.GetExperiment(id) is { } experiment)
        {
            await writer.Write("experiment.json", Json.Serialize(experiment));
            if (format == "csv") await writer.Write("runs.csv", RunsCsv.Write(experiment.Runs));
            // The curves are fetched CurveFetches at a time (one round trip each; sequential, 500 runs took seconds),
            // and written in the runs' order as they arrive.
            using var gate = new SemaphoreSlim(CurveFetches);
            var curves = experiment.Runs.Select(async run =>
            {
                await gate.WaitAsync(cancellationToken);
                try { return await client.GetCurve(run.RunId); }
                finally { gate.Release(); }
            }).ToList();
            try
            {
                for (var i = 0; i < experiment.Runs.Count; i++) await writer.Curve(experiment.Runs[i], await curves[i]);
            }
            finally
            {
                // A failed fetch or write leaves no fetch running behind the command's back.
                await Task.WhenAll(curves.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
            }
            return writer.Files;
        }
        var single = await client.GetRun(id)
                     ?? throw CliException.NotFound($"'{id}' is neither an experiment nor a run; `osc experiments list` and `osc runs list` show what exists.");
        await writer.Write("run.json", Json.Serialize(single));
        await writer.Curve(single, await client.GetCurve(id));
        return writer.Files;
    }
}
