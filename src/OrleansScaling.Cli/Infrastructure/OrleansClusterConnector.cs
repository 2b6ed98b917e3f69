using Microsoft.Extensions.Configuration;
using OrleansScaling.Client;
using OrleansScaling.Hosting;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>
/// Connects `osc` to the cluster its settings name (section "OrleansScaling", the silo's own settings): the local
/// silo's gateway by default, an Azure Table membership in cluster mode. Settings are read on first use, so the
/// verbs that need no cluster (train, plan, analyze) never trip over a cluster setting.
/// </summary>
public sealed class OrleansClusterConnector(Func<ScalingOptions> readOptions) : IClusterConnector
{
    public OrleansClusterConnector(IConfiguration configuration) : this(() => ScalingOptions.From(configuration)) { }

    public OrleansClusterConnector(ScalingOptions options) : this(() => { options.Validate(); return options; }) { }

    public async Task<IClusterSession> ConnectAsync(CancellationToken cancellationToken)
    {
        // A bad setting throws ArgumentException naming it: the router exits 2 with that message.
        var options = readOptions();
        try
        {
            return new Session(await ScalingClientConnector.ConnectAsync(options, cancellationToken: cancellationToken));
        }
        catch (ClusterUnavailableException e)
        {
            throw new CliException(ExitCodes.ClusterUnreachable, e.Message);
        }
    }

    private sealed class Session(ScalingConnection connection) : IClusterSession
    {
        public IScalingClient Client => connection.Client;
        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
