using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansScaling.Hosting;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Hosting;

namespace OrleansScaling.Grains.Storage;

/// <summary>
/// Where the silo keeps grain state and artifacts, by mode: files under the data folder (Local) or Azure Blob
/// containers (Cluster), so the same binaries run on a laptop and on a cluster. docs/storage.md describes the layout.
/// </summary>
public static class ScalingPersistence
{
    /// <summary>Blob container of grain state in cluster mode.</summary>
    public const string GrainStateContainer = "grainstate";

    /// <summary>
    /// Grain state goes through the Orleans serializer, as the grains' messages do: every state type is a
    /// [GenerateSerializer] record with immutable collections, which the default Newtonsoft-based storage serializer
    /// fails to read back (ImmutableDictionary), so a restarted silo could not reactivate the scheduler.
    /// </summary>
    public static IGrainStorageSerializer StateSerializer(IServiceProvider services) =>
        new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());

    public static string GrainStateDirectory(ScalingOptions options) => Path.Combine(options.DataDirectory, "grains");

    public static string ArtifactDirectory(ScalingOptions options) => Path.Combine(options.DataDirectory, "artifacts");

    /// <summary>
    /// Registers grain storage provider "scaling" and the <see cref="IArtifactStore"/> (unless a host registered
    /// its own) for <paramref name="options"/>' mode.
    /// </summary>
    public static ISiloBuilder AddScalingPersistence(this ISiloBuilder builder, ScalingOptions options)
    {
        options.Validate();
        switch (options.Mode)
        {
            case ClusterMode.Local:
                builder.AddFileGrainStorage(StorageNames.Provider, GrainStateDirectory(options));
                builder.Services.TryAddSingleton<IArtifactStore>(new LocalFolderArtifactStore(ArtifactDirectory(options)));
                break;
            case ClusterMode.Cluster:
                var blobService = new BlobServiceClient(options.StorageConnectionString);
                builder.AddAzureBlobGrainStorage(StorageNames.Provider, blob => blob.Configure<IServiceProvider>((settings, services) =>
                {
                    settings.BlobServiceClient = blobService;
                    settings.ContainerName = GrainStateContainer;
                    settings.GrainStorageSerializer = StateSerializer(services);
                }));
                builder.Services.TryAddSingleton<IArtifactStore>(
                    new BlobArtifactStore(blobService.GetBlobContainerClient(BlobArtifactStore.DefaultContainer)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Mode,
                    $"Unknown {ScalingOptions.Section}:Mode '{options.Mode}'; use Local or Cluster.");
        }
        return builder;
    }
}
