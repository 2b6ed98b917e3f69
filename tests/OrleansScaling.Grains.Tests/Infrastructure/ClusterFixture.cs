using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.TestingHost;
using OrleansScaling.Client;
using OrleansScaling.Contracts;
using Orleans.Storage;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Experiments;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Training;

namespace OrleansScaling.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process cluster for every grain test: two silos with one CPU slot each, the fake trainer, memory grain
/// storage (the experiments' writes watched by <see cref="Writes"/>), a gate for the experiments' fits, a local
/// artifact folder, 2-second leases. Silos a test adds offer one (declared) GPU slot, or <see cref="AddedSiloGpuSlots"/>,
/// and no CPU slot, so GPU runs wait until a test adds one.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTrainer Trainer { get; } = new();

    /// <summary>The experiments' state writes, for the experiments a test watches.</summary>
    public ExperimentWrites Writes { get; } = new();

    /// <summary>Holds the parametric fits of the experiments a test names.</summary>
    public FitsGate Fits { get; } = new();

    /// <summary>Early stopping's rule, replaced for the seeds a test names.</summary>
    public TestStoppingPolicy Stopping { get; } = new();

    private const string MemoryStorage = "memory";
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"osc-grains-{Guid.NewGuid():N}");
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IGrainFactory Grains => Cluster.Client;
    public ScalingClient Client => new(Cluster.Client, TimeSpan.FromSeconds(1));
    public const int MaxAttempts = 3;

    /// <summary>The GPU slots (Workers:GpuSlots) of the silos a test adds from now on; a test that changes it sets it back.</summary>
    public int AddedSiloGpuSlots { get; set; } = 1;

    public async Task InitializeAsync()
    {
        var artifacts = new LocalFolderArtifactStore(Path.Combine(DataDirectory, "artifacts"));
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((options, silo) =>
        {
            var cpuSilo = IsInitialSilo(options.SiloName);
            silo.AddOrleansScalingServices(Settings(cpuSilo, options.SiloName));
            silo.UseFastFailureDetection();
            silo.AddMemoryGrainStorage(MemoryStorage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Provider,
                (services, _) => new WatchedGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(MemoryStorage), Writes));
            silo.Services.AddSingleton<IExperimentFitsGate>(Fits);
            silo.Services.AddSingleton<IEarlyStoppingPolicy>(Stopping);
            silo.Services.AddSingleton<IRunTrainer>(Trainer);
            silo.Services.AddSingleton<IArtifactStore>(artifacts);
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddOrleansScalingSerialization()));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    private readonly List<string> _initialSilos = [];

    /// <summary>The cluster's first two silos (CPU slots); every silo a test adds later gets a GPU slot.</summary>
    private bool IsInitialSilo(string siloName)
    {
        lock (_initialSilos)
        {
            if (_initialSilos.Count < 2 && !_initialSilos.Contains(siloName)) _initialSilos.Add(siloName);
            return _initialSilos.Contains(siloName);
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }

    private IConfiguration Settings(bool cpuSilo, string siloName) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["OrleansScaling:DataDirectory"] = DataDirectory,
        ["OrleansScaling:Workers:CpuSlots"] = cpuSilo ? "1" : "0",
        ["OrleansScaling:Workers:GpuSlots"] = cpuSilo ? "0" : AddedSiloGpuSlots.ToString(),
        ["OrleansScaling:Workers:PollSeconds"] = "0.1",
        ["OrleansScaling:Workers:ReportSeconds"] = "0.1",
        ["OrleansScaling:Workers:WorkDirectory"] = Path.Combine(DataDirectory, "work", siloName),
        ["OrleansScaling:Scheduler:LeaseSeconds"] = "2",
        ["OrleansScaling:Scheduler:LeaseCheckSeconds"] = "0.2",
        ["OrleansScaling:Scheduler:MaxAttempts"] = MaxAttempts.ToString(),
    }).Build();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
