using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Client;
using OrleansScaling.Hosting;

// `osc`: the OrleansScaling command line. Each verb lives in its own file under Commands/.
// Cluster settings come from appsettings.json beside osc and the environment (OrleansScaling__*), as for the silo.
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddEnvironmentVariables()
    .Build();
var connector = new OrleansClusterConnector(configuration);

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupt.Cancel(); };
// SIGTERM (`kill`, `timeout`, a container stopping) is handled like Ctrl+C: `osc train` checkpoints, `--wait` stops
// following, and osc exits 130. Without this, the cluster client's host would hold the process open until it ended.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; interrupt.Cancel(); });

var commands = new ICommand[]
{
    new TrainCommand(),
    new PlanCommand(() => ScalingOptions.SweepLimitsFrom(configuration)),
    new PredictCommand(),
    new AnalyzeCommand(),
    new ReportCommand(),
    new SweepCommand(connector, Console.Error, limits: () => ScalingOptions.SweepLimitsFrom(configuration)),
    new ExperimentsCommand(connector),
    new RunsCommand(connector),
    new ExportCommand(connector),
    new ClusterCommand(connector),
};
return await CommandRouter.RunAsync(commands, args, Console.Out, Console.Error, interrupt.Token);
