using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScaling.Hosting;

namespace OrleansScaling.Client;

/// <summary>A started client: <see cref="Client"/> until disposed, which disconnects.</summary>
public sealed class ScalingConnection(IHost host) : IAsyncDisposable
{
    public ScalingClient Client { get; } = host.Services.GetRequiredService<ScalingClient>();

    public IClusterClient ClusterClient { get; } = host.Services.GetRequiredService<IClusterClient>();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

/// <summary>For scripts and `osc`: one call that connects to the configured cluster or explains why it could not.</summary>
public static class ScalingClientConnector
{
    /// <summary>
    /// Connects with localhost clustering (Local) or Azure Table clustering (Cluster). Throws
    /// <see cref="ClusterUnavailableException"/> within <paramref name="timeout"/> (default ConnectTimeoutSeconds).
    /// </summary>
    public static async Task<ScalingConnection> ConnectAsync(ScalingOptions options, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var wait = timeout ?? TimeSpan.FromSeconds(options.ConnectTimeoutSeconds);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.Services.AddOrleansScalingClient(options, wait);
        var host = builder.Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        try
        {
            await host.StartAsync(deadline.Token);
            return new ScalingConnection(host);
        }
        catch (Exception e) when (e is not ClusterUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw ClusterUnavailableException.For(options, wait, e);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
