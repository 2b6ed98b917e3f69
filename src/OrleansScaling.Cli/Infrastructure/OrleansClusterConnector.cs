using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using OrleansScaling.Client;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>
/// Connects `osc` to the cluster the settings name (section "OrleansScaling", the silo's own settings): the local
/// silo's gateway on localhost by default, an Azure Table membership in cluster mode. Retries until
/// <see cref="ScalingOptions.ConnectTimeoutSeconds"/> have passed, then fails with exit 4 saying where it looked.
/// </summary>
public sealed class OrleansClusterConnector(ScalingOptions options) : IClusterConnector
{
    public static ScalingOptions ReadOptions(IConfiguration configuration) =>
        configuration.GetSection(ScalingOptions.Section).Get<ScalingOptions>() ?? new ScalingOptions();

    public async Task<IClusterSession> ConnectAsync(CancellationToken cancellationToken)
    {
        if (options.Mode == ClusterMode.Cluster && string.IsNullOrWhiteSpace(options.StorageConnectionString))
            throw CliException.BadInput("cluster mode needs OrleansScaling__StorageConnectionString (the Azure Storage account the silos use; " +
                                        "\"UseDevelopmentStorage=true\" for Azurite), or set OrleansScaling__Mode=Local.");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(options.ConnectTimeoutSeconds);
        Exception? lastFailure = null;
        var host = BuildHost(deadline, failure => lastFailure = failure);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.ConnectTimeoutSeconds));
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            // The timeout cancels the last attempt; the failure before it says why (connection refused, no gateway).
            throw new CliException(ExitCodes.ClusterUnreachable, Unreachable(lastFailure ?? e));
        }
        return new Session(host, new ScalingClient(host.Services.GetRequiredService<IClusterClient>()));
    }

    private IHost BuildHost(DateTimeOffset deadline, Action<Exception> onFailure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // osc reports failures itself; Orleans' own connection warnings would bury the one line that matters.
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
            if (options.Mode == ClusterMode.Local) client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
            else client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(options.StorageConnectionString));
            client.UseConnectionRetryFilter(async (failure, token) =>
            {
                onFailure(failure);
                if (DateTimeOffset.UtcNow >= deadline) return false;
                // A silo that is still starting opens its gateway within seconds: try again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(500), token);
                return DateTimeOffset.UtcNow < deadline;
            });
            client.Services.AddSerializer(serializer => serializer.AddOrleansScalingSerialization());
        });
        return builder.Build();
    }

    private string Unreachable(Exception e)
    {
        var where = options.Mode == ClusterMode.Local
            ? $"the local silo's gateway at 127.0.0.1:{options.GatewayPort}"
            : $"cluster '{options.ClusterId}' (service '{options.ServiceId}') in the Azure Table membership of OrleansScaling__StorageConnectionString";
        return $"no cluster answered within {options.ConnectTimeoutSeconds} s; looked for {where} ({e.GetType().Name}: {e.Message}).\n" +
               "Start a local silo with `dotnet run --project dashboard` (silo and dashboard) or `dotnet run --project silo`, " +
               "or point osc at a cluster with OrleansScaling__Mode=Cluster and OrleansScaling__StorageConnectionString (docs/cli.md).";
    }

    private sealed class Session(IHost host, IScalingClient client) : IClusterSession
    {
        public IScalingClient Client => client;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
