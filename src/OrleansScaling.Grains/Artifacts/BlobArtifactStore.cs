using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace OrleansScaling.Grains.Artifacts;

/// <summary>
/// Artifacts as blobs in one container: &lt;runId&gt;/checkpoint-&lt;iteration&gt;.ckpt, the cluster-mode store that
/// every silo reads, so a run resumes on whichever silo leases it next. Locations are blob names inside the container.
/// A blob upload is all-or-nothing, so a reader never sees half a checkpoint.
/// </summary>
public sealed class BlobArtifactStore(BlobContainerClient container) : IArtifactStore
{
    public const string DefaultContainer = "artifacts";

    // The container is created on first use, once per process, so a silo does not need storage at construction.
    private readonly Lazy<Task> _created = new(() => container.CreateIfNotExistsAsync());

    public async Task<string> PutCheckpoint(string runId, long iteration, string localFile, CancellationToken cancellationToken = default, bool fork = false)
    {
        var location = $"{RunPrefix(runId)}{(fork ? "fork" : "checkpoint")}-{iteration:D10}.ckpt";
        await _created.Value;
        await container.GetBlobClient(location).UploadAsync(localFile, overwrite: true, cancellationToken);
        return location;
    }

    public async Task FetchTo(string location, string localFile, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localFile))!);
        var temporary = $"{localFile}.{Guid.NewGuid():N}.tmp";
        try
        {
            await container.GetBlobClient(location).DownloadToAsync(temporary, cancellationToken);
            File.Move(temporary, localFile, overwrite: true);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"No artifact at '{location}' in blob container '{container.Name}'.", location, e);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task Delete(string location, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        await container.GetBlobClient(location).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    public async Task DeleteRun(string runId, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = RunPrefix(runId) }, cancellationToken))
            await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    private static string RunPrefix(string runId) => ArtifactRunFolder.NameOf(runId) + "/";
}
