using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Azure.Data.Tables;
using Orleans.Serialization;
using OrleansScaling.Hosting;
using OrleansScaling.Hosting.Tls;
using OrleansScaling.Contracts;

namespace OrleansScaling.Client;

/// <summary>Registers an Orleans client for the configured mode and <see cref="IScalingClient"/> over it.</summary>
public static class ScalingClientServices
{
    /// <summary>From the "OrleansScaling" section; the client's start fails after ConnectTimeoutSeconds with <see cref="ClusterUnavailableException"/>.</summary>
    public static IServiceCollection AddOrleansScalingClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddOrleansScalingClient(ScalingOptions.From(configuration));

    public static IServiceCollection AddOrleansScalingClient(this IServiceCollection services, ScalingOptions options) =>
        services.AddOrleansScalingClient(options, TimeSpan.FromSeconds(options.ConnectTimeoutSeconds));

    internal static IServiceCollection AddOrleansScalingClient(this IServiceCollection services, ScalingOptions options, TimeSpan connectTimeout)
    {
        options.Validate();
        services.AddOrleansClient(client => client.UseScalingCluster(options, connectTimeout));
        services.AddSingleton(provider => new ScalingClient(provider.GetRequiredService<IClusterClient>(),
            TimeSpan.FromSeconds(options.SubscriptionRenewSeconds), provider.GetRequiredService<ILogger<ScalingClient>>()));
        services.AddSingleton<IScalingClient>(provider => provider.GetRequiredService<ScalingClient>());
        return services;
    }

    private static void UseScalingCluster(this IClientBuilder client, ScalingOptions options, TimeSpan timeout)
    {
        if (options.Mode == ClusterMode.Local)
        {
            client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
        }
        else
        {
            client.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
            client.UseAzureStorageClustering(table => table.TableServiceClient = new TableServiceClient(options.StorageConnectionString));
            if (options.Tls.Enabled) client.UseTls(tls => ClusterTls.Configure(tls, options.Tls));
        }
        client.Services.AddSerializer(serializer => serializer.AddOrleansScalingSerialization());
        client.UseConnectionRetryFilter(new RetryUntil(options, timeout).ShouldRetry);
        if (options.FastFailureDetection)
        {
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(5));
            client.Configure<GatewayOptions>(gateway => gateway.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Retries the first connection until the deadline, then fails with a message that says where it looked.</summary>
    private sealed class RetryUntil(ScalingOptions options, TimeSpan timeout)
    {
        private readonly DateTimeOffset _deadline = DateTimeOffset.UtcNow + timeout;

        public async Task<bool> ShouldRetry(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTimeOffset.UtcNow >= _deadline) throw ClusterUnavailableException.For(options, timeout, exception);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            return true;
        }
    }
}
