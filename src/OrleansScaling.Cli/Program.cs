using Microsoft.Extensions.Configuration;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;

// `osc`: the OrleansScaling command line. Each verb lives in its own file under Commands/.
// Cluster settings come from appsettings.json beside osc and the environment (OrleansScaling__*), as for the silo.
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddEnvironmentVariables()
    .Build();
var connector = new OrleansClusterConnector(configuration);

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupt.Cancel(); };

var commands = new ICommand[]
{
    new TrainCommand(),
    new PlanCommand(),
    new AnalyzeCommand(),
    new ReportCommand(),
    new SweepCommand(connector, Console.Error),
    new ExperimentsCommand(connector),
    new RunsCommand(connector),
    new ExportCommand(connector),
    new ClusterCommand(connector),
};
return await CommandRouter.RunAsync(commands, args, Console.Out, Console.Error, interrupt.Token);
