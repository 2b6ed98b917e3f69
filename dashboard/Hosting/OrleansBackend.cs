using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dashboard;
using OrleansScaling.Client;
using OrleansScaling.Hosting;
using OrleansScaling.Hosting.Telemetry;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Training;

namespace OrleansScaling.Dashboard.Hosting;

/// <summary>
/// Local mode: the dashboard co-hosts the single silo (grains and worker slots) in its own process, so one
/// command is the whole local system. Cluster mode: a pure Orleans client of the Azure-clustered silos.
/// Either way the pages see one IScalingClient.
/// </summary>
public static class OrleansBackend
{
    /// <summary>Where the co-hosted silo's Orleans dashboard is mounted (local mode, OrleansScaling:OrleansDashboard).</summary>
    public const string OrleansDashboardPath = "/orleans";

    public static WebApplicationBuilder AddOrleansBackend(this WebApplicationBuilder builder)
    {
        var scaling = ScalingOptions.From(builder.Configuration);
        if (scaling.Mode == ClusterMode.Cluster)
        {
            builder.Services.AddOrleansScalingClient(scaling);
            builder.Services.AddOrleansScalingMetrics(builder.Configuration); // local mode: the co-hosted silo adds them
            return builder;
        }
        builder.Services.TryAddSingleton<IRunTrainer, TorchRunTrainer>();
        builder.UseOrleans(silo => silo.AddOrleansScalingSilo(builder.Configuration));
        builder.Services.AddSingleton<IScalingClient>(services => new ScalingClient(services.GetRequiredService<IGrainFactory>(),
            TimeSpan.FromSeconds(scaling.SubscriptionRenewSeconds), services.GetRequiredService<ILogger<ScalingClient>>()));
        builder.Services.AddSingleton(new CoHostedSilo(scaling.OrleansDashboard));
        return builder;
    }

    /// <summary>Mounts the Orleans dashboard when this process hosts a silo that runs its services.</summary>
    public static void MapOrleansBackend(this WebApplication app)
    {
        if (app.Services.GetService<CoHostedSilo>() is { OrleansDashboard: true }) app.MapOrleansDashboard(OrleansDashboardPath);
    }

    private sealed record CoHostedSilo(bool OrleansDashboard);
}
