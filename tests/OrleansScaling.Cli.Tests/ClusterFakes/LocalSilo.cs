using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScaling.Hosting;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Training;

namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>
/// A real local-mode silo with the TorchSharp engine, hosted in the test process on free ports with its own data folder
/// and a unique cluster id, shared by the end-to-end tests of one collection. `osc` runs against it as a separate process.
/// </summary>
public sealed class LocalSilo : IAsyncLifetime
{
    private IHost? _host;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("osc-e2e-").FullName;

    public ScalingOptions Options { get; } = new()
    {
        ClusterId = $"osc-e2e-{Guid.NewGuid():N}",
        SiloPort = ClusterCommandTests.UnusedPort(),
        GatewayPort = ClusterCommandTests.UnusedPort(),
        ConnectTimeoutSeconds = 15,
    };

    /// <summary>The settings osc reads, as environment variables: the same keys the silo reads.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OrleansScaling__Mode"] = "Local",
        ["OrleansScaling__ClusterId"] = Options.ClusterId,
        ["OrleansScaling__GatewayPort"] = Options.GatewayPort.ToString(),
        ["OrleansScaling__SiloPort"] = Options.SiloPort.ToString(),
    };

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OrleansScaling:Mode"] = "Local",
            ["OrleansScaling:ClusterId"] = Options.ClusterId,
            ["OrleansScaling:SiloPort"] = Options.SiloPort.ToString(),
            ["OrleansScaling:GatewayPort"] = Options.GatewayPort.ToString(),
            ["OrleansScaling:DataDirectory"] = DataDirectory,
            ["OrleansScaling:Workers:CpuSlots"] = "2",
            ["OrleansScaling:Workers:PollSeconds"] = "0.1",
            ["OrleansScaling:Workers:ReportSeconds"] = "0.05",
            ["OrleansScaling:Workers:CorporaDirectory"] = Repository.Root,
        });
        builder.Services.AddSingleton<IRunTrainer, TorchRunTrainer>();
        builder.UseOrleans(silo => silo.AddOrleansScalingSilo(builder.Configuration));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Directory.Delete(DataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class LocalSiloCollection : ICollectionFixture<LocalSilo>
{
    public const string Name = "local silo";
}
