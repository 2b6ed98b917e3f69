using Orleans.Runtime;
using OrleansScaling.Client;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>
/// A verb with sub-verbs (`osc runs list`, `osc runs show ID`, ...) that talks to the cluster. Arguments are checked
/// before connecting, so a typo fails fast with exit 2 instead of waiting for a cluster.
/// </summary>
public abstract class ClientCommand(IClusterConnector connector) : ICommand
{
    public abstract string Name { get; }
    public abstract string Summary { get; }
    public abstract string Usage { get; }

    public abstract Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken);

    /// <summary>Connects, runs <paramref name="action"/> against the cluster and closes the connection.</summary>
    protected async Task<int> WithClient(Func<IScalingClient, Task<int>> action, CancellationToken cancellationToken)
    {
        await using var session = await connector.ConnectAsync(cancellationToken);
        try
        {
            return await action(session.Client);
        }
        catch (Exception e) when (e is TimeoutException or OrleansMessageRejectionException)
        {
            throw new CliException(ExitCodes.ClusterUnreachable,
                $"lost the cluster during the call ({e.GetType().Name}: {e.Message}); `osc cluster` shows whether it is back.");
        }
    }

    /// <summary>The sub-verb (first positional), one of <paramref name="allowed"/>.</summary>
    protected static string SubVerb(CliArgs args, params string[] allowed)
    {
        var verb = args.Positionals.Count > 0 ? args.Positionals[0] : null;
        if (verb is null || !allowed.Contains(verb))
            throw CliException.BadInput(verb is null
                ? $"a sub-command is required: {string.Join(", ", allowed)}."
                : $"unknown sub-command '{verb}'; use one of {string.Join(", ", allowed)}.");
        return verb;
    }

    /// <summary>The ID positional after the sub-verb, named in the error when missing.</summary>
    protected static string IdArgument(CliArgs args, string what)
    {
        if (args.Positionals.Count < 2) throw CliException.BadInput($"{what} is required (e.g. `osc {string.Join(' ', args.Positionals)} ID`).");
        if (args.Positionals.Count > 2) throw CliException.BadInput($"unexpected argument '{args.Positionals[2]}'.");
        return args.Positionals[1];
    }

    /// <summary>Rejects options the verb did not read: a misspelt `--experimnet` must not silently list everything.</summary>
    protected static void RejectUnknownOptions(CliArgs args)
    {
        var unknown = args.Unread().ToList();
        if (unknown.Count > 0) throw CliException.BadInput($"unknown option {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }
}
