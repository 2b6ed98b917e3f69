using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc experiments list | show ID | cancel ID`: launched sweeps, their runs and their analyses.</summary>
public sealed class ExperimentsCommand(IClusterConnector connector) : ClientCommand(connector)
{
    public override string Name => "experiments";
    public override string Summary => "list experiments (launched sweeps) or show one with its runs and analyses";
    public override string Usage => """
        osc experiments list [--json]
        osc experiments show ID [--json]
        osc experiments cancel ID
          list: one line per experiment (id, name, kind, status, runs finished).
          show: the plan's notes, every run, and the analyses computed so far (speedups, power laws, frontier);
            with cooldown branches, the compute branching saved (FLOPs and wall time used of independent).
          cancel: cancels every queued or running run of the experiment (finished runs keep their results).
          --json prints the same as JSON (camelCase). Exit 3 when ID is not an experiment.
        """;

    public override Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var verb = SubVerb(args, "list", "show", "cancel");
        var json = args.Json;
        RejectUnknownOptions(args);
        if (verb == "list")
        {
            if (args.Positionals.Count > 1) throw CliException.BadInput($"unexpected argument '{args.Positionals[1]}'.");
            return WithClient(async client =>
            {
                var experiments = await client.ListExperiments();
                await output.WriteAsync(json ? Json.Serialize(experiments) + "\n" : ExperimentText.List(experiments));
                return ExitCodes.Success;
            }, cancellationToken);
        }
        var id = IdArgument(args, "an experiment ID");
        if (verb == "cancel")
            return WithClient(async client =>
            {
                _ = await client.GetExperiment(id) ?? throw NotFound(id);
                await client.CancelExperiment(id);
                await output.WriteLineAsync($"cancelled {id}: its queued and running runs stop; `osc experiments show {id}` shows them.");
                return ExitCodes.Success;
            }, cancellationToken);
        return WithClient(async client =>
        {
            var view = await client.GetExperiment(id) ?? throw NotFound(id);
            if (json)
            {
                await output.WriteAsync(Json.Serialize(view) + "\n");
                return ExitCodes.Success;
            }
            // With branches, the curves give the compute line its wall time (a branch's after its fork).
            var curves = view.Runs.HasBranches()
                ? (await Task.WhenAll(view.Runs.Select(async r => (r.RunId, Curve: await client.GetCurve(r.RunId))))).ToDictionary(c => c.RunId, c => c.Curve)
                : null;
            await output.WriteAsync(ExperimentText.Show(view, curves));
            return ExitCodes.Success;
        }, cancellationToken);
    }

    public static CliException NotFound(string id) =>
        CliException.NotFound($"no experiment '{id}'; `osc experiments list` shows the ones that exist.");
}
