namespace OrleansScaling.Cli.Infrastructure;

/// <summary>A top-level verb of `osc` (train, plan, analyze, sweep, runs, ...).</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One line for `osc --help`.</summary>
    string Summary { get; }

    /// <summary>Full usage, printed by `osc NAME --help` and after bad input.</summary>
    string Usage { get; }

    /// <summary>Runs the verb; throws <see cref="CliException"/> for a non-zero exit with a message.</summary>
    Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken);
}
