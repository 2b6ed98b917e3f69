using Azure.Data.Tables;
using Orleans.Configuration;
using Orleans.Serialization;
using OrleansScaling.Client;
using OrleansScaling.Contracts;

namespace OrleansScaling.Dashboard.Hosting;

public static class OrleansBackend
{
    /// <summary>
    /// Local mode: the dashboard connects to the single local silo on its gateway port. Cluster mode: a pure
    /// client of the Azure-clustered silos. Either way the pages see one IScalingClient.
    /// </summary>
    public static WebApplicationBuilder AddOrleansBackend(this WebApplicationBuilder builder)
    {
        var scaling = builder.Configuration.GetSection(ScalingOptions.Section).Get<ScalingOptions>() ?? new();
        builder.UseOrleansClient(client =>
        {
            client.Services.AddSerializer(serializer => serializer.AddOrleansScalingSerialization());
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = scaling.ClusterId;
                cluster.ServiceId = scaling.ServiceId;
            });
            if (scaling.Mode == ClusterMode.Local)
                client.UseLocalhostClustering(scaling.GatewayPort, scaling.ServiceId, scaling.ClusterId);
            else
                client.UseAzureStorageClustering(table => table.TableServiceClient =
                    new TableServiceClient(scaling.StorageConnectionString ?? throw new InvalidOperationException(
                        "OrleansScaling:Mode is Cluster but OrleansScaling:StorageConnectionString is not set; " +
                        "set OrleansScaling__StorageConnectionString (\"UseDevelopmentStorage=true\" for Azurite).")));
        });
        builder.Services.AddSingleton<IScalingClient>(services => new ScalingClient(services.GetRequiredService<IGrainFactory>()));
        return builder;
    }
}
