using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansScaling.Hosting;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Storage;
using OrleansScaling.TestSupport;

namespace OrleansScaling.Grains.Tests.Storage;

/// <summary>
/// A real single silo whose persistence comes from <see cref="ScalingPersistence.AddScalingPersistence"/>, so the
/// conformance tests exercise the providers exactly as registered and initialised by the silo lifecycle.
/// </summary>
public abstract class PersistenceSiloFixture : IAsyncLifetime
{
    private IHost? _host;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"osc-storage-{Guid.NewGuid():N}");
    public IGrainStorage Storage => _host!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
    public IArtifactStore Artifacts => _host!.Services.GetRequiredService<IArtifactStore>();

    protected abstract Task<ScalingOptions> CreateOptionsAsync();

    public virtual async Task InitializeAsync()
    {
        var options = await CreateOptionsAsync();
        var ports = FreePorts.Take(2);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: $"storage-{Guid.NewGuid():N}")
            .AddScalingPersistence(options));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>Local mode: the project's file grain storage and the local-folder artifact store.</summary>
public sealed class FilePersistenceFixture : PersistenceSiloFixture
{
    protected override Task<ScalingOptions> CreateOptionsAsync() =>
        Task.FromResult(new ScalingOptions { Mode = ClusterMode.Local, DataDirectory = DataDirectory });
}

/// <summary>Cluster mode: Azure Blob grain storage and the blob artifact store, against a private Azurite.</summary>
public sealed class AzurePersistenceFixture : PersistenceSiloFixture
{
    private readonly AzuriteFixture _azurite = new();

    protected override async Task<ScalingOptions> CreateOptionsAsync()
    {
        await _azurite.InitializeAsync();
        return new ScalingOptions { Mode = ClusterMode.Cluster, StorageConnectionString = _azurite.ConnectionString, DataDirectory = DataDirectory };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FilePersistenceCollection : ICollectionFixture<FilePersistenceFixture>
{
    public const string Name = "file persistence";
}

[CollectionDefinition(Name)]
public sealed class AzurePersistenceCollection : ICollectionFixture<AzurePersistenceFixture>
{
    public const string Name = "azure persistence";
}
