using Azure.Storage.Blobs;
using OrleansScaling.Client;

namespace OrleansScaling.Grains.Storage;

/// <summary>Where the silo keeps grain state and artifacts, by mode: a data folder (Local) or Azure Blob (Cluster).</summary>
public static class ScalingPersistence
{
    /// <summary>The grain storage provider every OrleansScaling grain names in [PersistentState].</summary>
    public const string ProviderName = "scaling";

    /// <summary>Blob container of grain state in cluster mode.</summary>
    public const string GrainStateContainer = "grainstate";

    public static string GrainStateDirectory(ScalingOptions options) => Path.Combine(options.DataDirectory, "grains");

    public static ISiloBuilder AddScalingPersistence(this ISiloBuilder builder, ScalingOptions options)
    {
        switch (options.Mode)
        {
            case ClusterMode.Local:
                builder.AddFileGrainStorage(ProviderName, GrainStateDirectory(options));
                break;
            case ClusterMode.Cluster:
                var connectionString = RequireConnectionString(options);
                builder.AddAzureBlobGrainStorage(ProviderName, blob =>
                {
                    blob.BlobServiceClient = new BlobServiceClient(connectionString);
                    blob.ContainerName = GrainStateContainer;
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Mode, $"Unknown {ScalingOptions.Section}:Mode; use Local or Cluster.");
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
