using OrleansScaling.Cli.Infrastructure;

namespace OrleansScaling.Cli.Commands;

// Placeholder until its issue lands: the verb is listed but says plainly that it is not built yet.
public sealed class PlanCommand : ICommand
{
    public string Name => "plan";
    public string Summary => "(not built yet)";
    public string Usage => "osc plan: not built yet.";

    public Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken) =>
        throw new CliException(ExitCodes.Failure, "not built yet");
}
