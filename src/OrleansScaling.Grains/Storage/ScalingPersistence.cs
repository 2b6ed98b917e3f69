using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using OrleansScaling.Client;
using OrleansScaling.Grains.Artifacts;

namespace OrleansScaling.Grains.Storage;

/// <summary>
/// Where the silo keeps grain state and artifacts, by mode: files under the data folder (Local) or Azure Blob
/// containers (Cluster), so the same binaries run on a laptop and on a cluster. docs/storage.md describes the layout.
/// </summary>
public static class ScalingPersistence
{
    /// <summary>The grain storage provider every OrleansScaling grain names in [PersistentState].</summary>
    public const string ProviderName = "scaling";

    /// <summary>Blob container of grain state in cluster mode.</summary>
    public const string GrainStateContainer = "grainstate";

    public static string GrainStateDirectory(ScalingOptions options) => Path.Combine(options.DataDirectory, "grains");

    public static string ArtifactDirectory(ScalingOptions options) => Path.Combine(options.DataDirectory, "artifacts");

    /// <summary>Registers grain storage provider "scaling" and the <see cref="IArtifactStore"/> for <paramref name="options"/>' mode.</summary>
    public static ISiloBuilder AddScalingPersistence(this ISiloBuilder builder, ScalingOptions options)
    {
        switch (options.Mode)
        {
            case ClusterMode.Local:
                builder.AddFileGrainStorage(ProviderName, GrainStateDirectory(options));
                builder.Services.AddSingleton<IArtifactStore>(new LocalFolderArtifactStore(ArtifactDirectory(options)));
                break;
            case ClusterMode.Cluster:
                var blobService = new BlobServiceClient(RequireConnectionString(options));
                builder.AddAzureBlobGrainStorage(ProviderName, blob =>
                {
                    blob.BlobServiceClient = blobService;
                    blob.ContainerName = GrainStateContainer;
                });
                builder.Services.AddSingleton<IArtifactStore>(
                    new BlobArtifactStore(blobService.GetBlobContainerClient(BlobArtifactStore.DefaultContainer)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Mode,
                    $"Unknown {ScalingOptions.Section}:Mode '{options.Mode}'; use Local or Cluster.");
        }
        return builder;
    }

    private static string RequireConnectionString(ScalingOptions options) =>
        string.IsNullOrWhiteSpace(options.StorageConnectionString)
            ? throw new InvalidOperationException(
                $"{ScalingOptions.Section}:StorageConnectionString is empty but Mode is Cluster. Set it (environment " +
                $"{ScalingOptions.Section}__StorageConnectionString), e.g. to \"UseDevelopmentStorage=true\" for Azurite.")
            : options.StorageConnectionString;
}
