using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Client;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc sweep launch FILE.json | --preset NAME [--wait]`: plans and queues a sweep on the cluster; `osc sweep replay` replays early stopping offline.</summary>
/// <param name="progress">Where --wait shows progress (stderr), so stdout stays the experiment id or JSON.</param>
/// <param name="limits">
/// The sweep size limits osc checks before connecting (the silos check their own again), read when a sweep is launched
/// (<see cref="ScalingOptions.SweepLimitsFrom"/>), so a bad setting is that command's exit 2 naming the setting.
/// </param>
public sealed class SweepCommand(IClusterConnector connector, TextWriter progress, TimeSpan? resyncEvery = null, Func<SweepLimits>? limits = null)
    : ClientCommand(connector)
{
    public override string Name => "sweep";
    public override string Summary => "launch a sweep from a JSON file or a preset (--wait follows it); replay early stopping over exported curves";
    public override string Usage => $"""
        osc sweep launch FILE.json [--wait] [--json]
        osc sweep launch --preset NAME [--wait] [--json]
          Plans the sweep on the cluster, queues its runs and prints the experiment id.
          FILE.json is a sweep request (docs/cli.md, examples/sweeps/). Presets: {string.Join(", ", SweepPresets.All.Select(p => p.Name))}.
          --wait follows the runs to the end, with progress on stderr; exit 0 when every run succeeded, 1 otherwise.
          --json prints the experiment's summary as JSON instead of the bare id.
        {SweepReplay.Usage}
        """;

    public override async Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        // Replay needs no cluster: exported curves in, the policy's savings and changed decisions out.
        if (SubVerb(args, "launch", "replay") == "replay") return await SweepReplay.RunAsync(args, output);
        var presetName = args.String("preset");
        var wait = args.Flag("wait");
        var json = args.Json;
        RejectUnknownOptions(args);
        var request = await Request(args, presetName, cancellationToken);
        // The one set of rules and the planner, here and now: a bad file fails in a second, not after a connection wait.
        SweepPlanner.Plan(request, limits?.Invoke());
        // A branching sweep plans (osc plan --sweep) but cannot run yet: refused naming "branching", nothing sent.
        return await WithClient(async client =>
        {
            var experimentId = await client.LaunchSweep(request);
            if (!json) await output.WriteLineAsync(experimentId);
            await output.FlushAsync(cancellationToken);
            if (!wait)
            {
                if (json) await output.WriteLineAsync(Json.Serialize((await client.GetExperiment(experimentId))?.Summary));
                return ExitCodes.Success;
            }
            var summary = await Follow(client, experimentId, cancellationToken);
            if (summary is null) return ExitCodes.Interrupted;
            if (json) await output.WriteLineAsync(Json.Serialize(summary));
            if (summary.Status == ExperimentStatus.Succeeded) return ExitCodes.Success;
            await progress.WriteLineAsync($"see why: `osc runs list --experiment {experimentId} --status failed` and `osc runs show RUN_ID`.");
            return ExitCodes.Failure;
        }, cancellationToken);
    }

    private async Task<ExperimentSummary?> Follow(IScalingClient client, string experimentId, CancellationToken cancellationToken)
    {
        try
        {
            return await new SweepFollower(client, progress, resyncEvery ?? TimeSpan.FromSeconds(10)).Follow(experimentId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C stops the following, not the sweep: the runs go on in the cluster.
            await progress.WriteLineAsync($"stopped following; experiment {experimentId} goes on: `osc experiments show {experimentId}`.");
            return null;
        }
    }

    private static async Task<SweepRequest> Request(CliArgs args, string? presetName, CancellationToken cancellationToken)
    {
        var file = args.Positionals.Count > 1 ? args.Positionals[1] : null;
        if (args.Positionals.Count > 2) throw CliException.BadInput($"unexpected argument '{args.Positionals[2]}'; launch one sweep file at a time.");
        if (file is not null && presetName is not null) throw CliException.BadInput("give either FILE.json or --preset NAME, not both.");
        if (file is not null) return await SweepFile.LoadAsync(file, cancellationToken);
        if (presetName is null) throw CliException.BadInput("a sweep file (osc sweep launch FILE.json) or --preset NAME is required.");
        return SweepPresets.Find(presetName)?.Request
               ?? throw CliException.BadInput($"--preset '{presetName}' is unknown; use one of {string.Join(", ", SweepPresets.All.Select(p => p.Name))}.");
    }
}
