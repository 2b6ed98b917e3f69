using OrleansScaling.Client;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>
/// Opens a connection to the cluster for one verb. The cluster verbs depend on this, not on Orleans, so their
/// output and exit codes are tested in-process against a fake <see cref="IScalingClient"/>.
/// </summary>
public interface IClusterConnector
{
    /// <summary>
    /// Connects, or throws a <see cref="CliException"/> with <see cref="ExitCodes.ClusterUnreachable"/> whose
    /// message says where it looked and how to start a local silo.
    /// </summary>
    Task<IClusterSession> ConnectAsync(CancellationToken cancellationToken);
}

/// <summary>An open connection; disposing it closes the client.</summary>
public interface IClusterSession : IAsyncDisposable
{
    IScalingClient Client { get; }
}
