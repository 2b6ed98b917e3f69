using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScaling.Client;
using OrleansScaling.Hosting;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Storage;
using OrleansScaling.Training;

namespace OrleansScaling.Bench.Orleans;

/// <summary>
/// A cluster of in-process silos on loopback (localhost clustering, the real local-mode file storage under a
/// temporary folder) that all train with one <see cref="FastTrainer"/>, and a client connected through a gateway.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("osc-bench-").FullName;
    private ScalingConnection? _connection;

    private BenchCluster(FastTrainer trainer) => Trainer = trainer;

    public FastTrainer Trainer { get; }

    /// <summary>What another client needs to connect (through the first silo's gateway).</summary>
    public ScalingOptions ClientOptions { get; private set; } = new();
    public ScalingClient Client => _connection!.Client;
    public IClusterClient Grains => _connection!.ClusterClient;

    public static async Task<BenchCluster> StartAsync(int silos, int slotsPerSilo, FastTrainer trainer)
    {
        var cluster = new BenchCluster(trainer);
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var ports = TakeFreePorts(2 * silos);
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        for (var i = 0; i < silos; i++)
            cluster._silos.Add(await cluster.StartSiloAsync(clusterId, ports[2 * i], ports[2 * i + 1], primary, slotsPerSilo));
        cluster.ClientOptions = new ScalingOptions { Mode = ClusterMode.Local, ClusterId = clusterId, ServiceId = clusterId, GatewayPort = ports[1] };
        cluster._connection = await ScalingClientConnector.ConnectAsync(cluster.ClientOptions, TimeSpan.FromSeconds(60));
        return cluster;
    }

    private async Task<IHost> StartSiloAsync(string clusterId, int siloPort, int gatewayPort, IPEndPoint primary, int slots)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OrleansScaling:Mode"] = "Local",
            ["OrleansScaling:ClusterId"] = clusterId,
            ["OrleansScaling:ServiceId"] = clusterId,
            ["OrleansScaling:DataDirectory"] = _dataDirectory,
            ["OrleansScaling:Workers:CpuSlots"] = $"{slots}",
            ["OrleansScaling:Workers:GpuSlots"] = "0",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddSingleton<IRunTrainer>(Trainer);
        var options = ScalingOptions.From(builder.Configuration);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort, primary, clusterId, clusterId)
            .AddScalingPersistence(options)
            .AddOrleansScalingServices(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Free loopback ports for a silo or a dashboard (the scale scenario takes its from here too).</summary>
    internal static int[] TakeFreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync();
            silo.Dispose();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
