using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Curves;
using OrleansScaling.Client;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc runs list | show | curve | cancel | retry`: training runs and their learning curves.</summary>
public sealed class RunsCommand(IClusterConnector connector) : ClientCommand(connector)
{
    public override string Name => "runs";
    public override string Summary => "list, show, cancel or retry training runs; print a run's learning curve";
    public override string Usage => """
        osc runs list [--experiment ID] [--status queued|running|succeeded|failed|cancelled] [--json]
        osc runs show ID [--json]
        osc runs curve ID [--format csv|json]     (csv by default; --json is the same as --format json)
        osc runs cancel ID [--json]               (a queued or running run)
        osc runs retry ID [--json]                (a failed or cancelled run; it resumes from its last checkpoint)
          Exit 3 when ID (or --experiment ID) does not exist; exit 2 when the run's status does not allow the action.
        """;

    public override Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken) =>
        SubVerb(args, "list", "show", "curve", "cancel", "retry") switch
        {
            "list" => List(args, output, cancellationToken),
            "curve" => Curve(args, output, cancellationToken),
            var verb => Act(verb, args, output, cancellationToken),
        };

    private Task<int> List(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var experimentId = args.String("experiment");
        var status = ParseStatus(args.String("status"));
        var json = args.Json;
        if (args.Positionals.Count > 1) throw CliException.BadInput($"unexpected argument '{args.Positionals[1]}'; filter with --experiment ID.");
        RejectUnknownOptions(args);
        return WithClient(async client =>
        {
            // The facade lists nothing for a missing experiment; a script asking for one deserves exit 3.
            if (experimentId is not null && await client.GetExperiment(experimentId) is null) throw ExperimentsCommand.NotFound(experimentId);
            var runs = await client.ListRuns(experimentId, status);
            await output.WriteAsync(json ? Json.Serialize(runs) + "\n" : RunText.List(runs));
            return ExitCodes.Success;
        }, cancellationToken);
    }

    private Task<int> Curve(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var json = args.Json || ParseFormat(args.String("format")) == "json";
        var id = IdArgument(args, "a run ID");
        RejectUnknownOptions(args);
        return WithClient(async client =>
        {
            _ = await client.GetRun(id) ?? throw NotFound(id);
            var curve = await client.GetCurve(id);
            await output.WriteAsync(json ? Json.Serialize(curve) + "\n" : CurveCsv.ToCsv(curve));
            return ExitCodes.Success;
        }, cancellationToken);
    }

    private Task<int> Act(string verb, CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var json = args.Json;
        var id = IdArgument(args, "a run ID");
        RejectUnknownOptions(args);
        return WithClient(async client =>
        {
            var run = await client.GetRun(id) ?? throw NotFound(id);
            if (verb == "show")
            {
                await output.WriteAsync(json ? Json.Serialize(run) + "\n" : RunText.Show(run));
                return ExitCodes.Success;
            }
            var after = verb == "cancel" ? await Cancel(client, run) : await Retry(client, run);
            await output.WriteAsync(json ? Json.Serialize(after) + "\n" : $"run {id} ({run.Key}): {Units.Name(run.Status)} -> {Units.Name(after.Status)}\n");
            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static async Task<RunView> Cancel(IScalingClient client, RunView run)
    {
        if (run.Status is not (RunStatus.Queued or RunStatus.Running))
            throw CliException.BadInput($"run {run.RunId} is {Units.Name(run.Status)}; only queued or running runs can be cancelled.");
        await client.CancelRun(run.RunId);
        return await client.GetRun(run.RunId) ?? throw NotFound(run.RunId);
    }

    private static async Task<RunView> Retry(IScalingClient client, RunView run)
    {
        if (run.Status is RunStatus.Diverged)
            throw CliException.BadInput($"run {run.RunId} {run.StopReason ?? "diverged"}; retrying would diverge again (same spec and seed): sweep it again with a lower learning rate.");
        if (run.Status is RunStatus.StoppedEarly)
            throw CliException.BadInput($"run {run.RunId} {run.StopReason ?? "stopped early"}; a stopped run is a result, not retried: sweep it again without earlyStopping to train it to its end.");
        if (run.Status is not (RunStatus.Failed or RunStatus.Cancelled))
            throw CliException.BadInput($"run {run.RunId} is {Units.Name(run.Status)}; only failed or cancelled runs can be retried.");
        await client.RetryRun(run.RunId);
        return await client.GetRun(run.RunId) ?? throw NotFound(run.RunId);
    }

    public static CliException NotFound(string id) =>
        CliException.NotFound($"no run '{id}'; `osc runs list` shows the ones that exist.");

    private static RunStatus? ParseStatus(string? raw)
    {
        if (raw is null) return null;
        return Enum.TryParse<RunStatus>(raw, ignoreCase: true, out var status) && !int.TryParse(raw, out _)
            ? status
            : throw CliException.BadInput($"--status must be one of {string.Join(", ", Enum.GetValues<RunStatus>().Select(Units.Name))} (got '{raw}').");
    }

    public static string ParseFormat(string? raw) => raw switch
    {
        null or "csv" => "csv",
        "json" => "json",
        _ => throw CliException.BadInput($"--format must be csv or json (got '{raw}')."),
    };
}
