using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Azure.Data.Tables;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Dashboard;
using OrleansScaling.Hosting.Telemetry;
using OrleansScaling.Hosting;
using OrleansScaling.Hosting.Tls;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Storage;
using OrleansScaling.Grains.Telemetry;
using OrleansScaling.Grains.Workers;
using OrleansScaling.Training;

namespace OrleansScaling.Grains.Hosting;

/// <summary>The one way every host (silo/, the dashboard's local mode, tests) makes a silo of OrleansScaling.</summary>
public static class ScalingSiloBuilderExtensions
{
    /// <summary>
    /// Clustering and storage by mode (Local: localhost clustering, state and artifacts under DataDirectory;
    /// Cluster: Azure Table clustering, Azure Blob state and artifacts), then the grains' services and worker slots.
    /// </summary>
    public static ISiloBuilder AddOrleansScalingSilo(this ISiloBuilder builder, IConfiguration configuration)
    {
        var options = ScalingOptions.From(configuration);
        builder.UseScalingClustering(options);
        builder.AddScalingPersistence(options);
        if (options.OrleansDashboard) builder.AddDashboard();
        builder.Services.TryAddSingleton<IRunTrainer, TorchRunTrainer>();
        builder.Services.AddOrleansScalingMetrics(configuration);
        return builder.AddOrleansScalingServices(configuration);
    }

    /// <summary>
    /// The grains' settings, serialization and this silo's worker slots, without clustering or storage: test clusters
    /// bring their own. Needs an <see cref="IRunTrainer"/>, an <see cref="IArtifactStore"/> and grain storage "scaling".
    /// </summary>
    public static ISiloBuilder AddOrleansScalingServices(this ISiloBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        // Checked now, while the host is built, so a bad value refuses the start instead of failing a background service.
        Valid(Settings.Read<WorkerOptions>(configuration, WorkerOptions.Section));
        Valid(Settings.Read<SchedulerOptions>(configuration, SchedulerOptions.Section));
        services.AddSerializer(serializer => serializer.AddOrleansScalingSerialization());
        services.AddOptions<ScalingOptions>().Bind(configuration.GetSection(ScalingOptions.Section)).Validate(Valid);
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.Section)).Validate(Valid);
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section)).Validate(Valid);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SlotMetrics>();
        services.AddHostedService<WorkerSlotService>();
        return builder;
    }

    private static void UseScalingClustering(this ISiloBuilder builder, ScalingOptions options)
    {
        if (options.Mode == ClusterMode.Local)
        {
            builder.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        else
        {
            builder.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
            builder.UseAzureStorageClustering(table => table.TableServiceClient = new TableServiceClient(options.StorageConnectionString!));
            var advertised = options.AdvertisedAddress is { } address ? IPAddress.Parse(address) : FirstAddress();
            // Advertised on loopback: listen there only. Otherwise on every interface, which needs TLS (or AllowInsecure).
            builder.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
            builder.UseScalingTls(options, advertised);
        }
        if (options.FastFailureDetection) builder.UseFastFailureDetection();
    }

    /// <summary>
    /// Mutual TLS for silo-to-silo and gateway connections when OrleansScaling:Tls is set; refuses to start a silo reachable
    /// beyond loopback without it unless OrleansScaling:AllowInsecure says so on purpose.
    /// </summary>
    private static void UseScalingTls(this ISiloBuilder builder, ScalingOptions options, IPAddress advertised)
    {
        if (options.Tls.Enabled)
        {
            builder.UseTls(tls => ClusterTls.Configure(tls, options.Tls));
            return;
        }
        if (!IPAddress.IsLoopback(advertised) && !options.AllowInsecure)
            throw new InvalidSettingException($"This silo advertises {advertised}, beyond loopback, without TLS: anyone who reaches its " +
                $"gateway could drive the cluster. Set {ClusterTls.Section}:CertificatePath and :CaCertificatePath (files from " +
                $"`osc cluster certs --out DIR`; environment OrleansScaling__Tls__CertificatePath), or {ScalingOptions.Section}:AllowInsecure=true on purpose.");
    }

    /// <summary>Declares a silo dead about a second after it stops answering (about ten by default). Tests use it too.</summary>
    public static ISiloBuilder UseFastFailureDetection(this ISiloBuilder builder) =>
        builder.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = TimeSpan.FromSeconds(1);
            membership.NumMissedProbesLimit = 2;
            membership.NumVotesForDeathDeclaration = 1;
            membership.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            membership.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
        });

    private static IPAddress FirstAddress() =>
        Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        ?? IPAddress.Loopback;

    private static bool Valid(ScalingOptions options) { options.Validate(); return true; }
    private static bool Valid(WorkerOptions options) { options.Validate(); return true; }
    private static bool Valid(SchedulerOptions options)
    {
        try { options.Validate(); }
        catch (ArgumentException e) when (e is not InvalidSettingException) { throw new InvalidSettingException(e.Message, e); }
        return true;
    }
}
