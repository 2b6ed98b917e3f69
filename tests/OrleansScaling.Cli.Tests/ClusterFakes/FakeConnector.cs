using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Client;

namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>Hands the commands a fake cluster, and counts connections (bad input must not connect).</summary>
public sealed class FakeConnector(IScalingClient client) : IClusterConnector
{
    public int Connections { get; private set; }

    public Task<IClusterSession> ConnectAsync(CancellationToken cancellationToken)
    {
        Connections++;
        return Task.FromResult<IClusterSession>(new Session(client));
    }

    private sealed class Session(IScalingClient client) : IClusterSession
    {
        public IScalingClient Client => client;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
