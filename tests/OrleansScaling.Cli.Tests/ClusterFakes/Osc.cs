using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;

namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>Runs `osc` in-process exactly as Program.cs routes it, capturing exit code, stdout and stderr.</summary>
public static class Osc
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static IReadOnlyList<ICommand> ClusterVerbs(IClusterConnector connector, TextWriter progress, TimeSpan? resyncEvery = null) =>
    [
        new SweepCommand(connector, progress, resyncEvery),
        new ExperimentsCommand(connector),
        new RunsCommand(connector),
        new ExportCommand(connector),
        new ClusterCommand(connector),
    ];

    public static async Task<Result> Run(IClusterConnector connector, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandRouter.RunAsync(ClusterVerbs(connector, error), args, output, error);
        return new Result(exit, output.ToString(), error.ToString());
    }
}
