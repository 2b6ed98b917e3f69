namespace OrleansScaling.Grains.Artifacts;

/// <summary>
/// Artifacts as files under one folder: &lt;root&gt;/&lt;runId&gt;/checkpoint-&lt;iteration&gt;.ckpt. Locations are paths
/// relative to the root, so a data folder can move. Writes go to a temporary file first and are renamed into
/// place, so a reader never sees half a checkpoint.
/// </summary>
public sealed class LocalFolderArtifactStore(string root) : IArtifactStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<string> PutCheckpoint(string runId, long iteration, string localFile, CancellationToken cancellationToken = default, bool fork = false)
    {
        var location = $"{ArtifactRunFolder.NameOf(runId)}/{(fork ? "fork" : "checkpoint")}-{iteration:D10}.ckpt";
        await CopyAtomically(localFile, PathOf(location), cancellationToken);
        return location;
    }

    public Task FetchTo(string location, string localFile, CancellationToken cancellationToken = default)
    {
        var source = PathOf(location);
        if (!File.Exists(source))
            throw new FileNotFoundException($"No artifact at '{location}' under {Root}.", source);
        return CopyAtomically(source, localFile, cancellationToken);
    }

    public Task Delete(string location, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(location));
        return Task.CompletedTask;
    }

    public Task DeleteRun(string runId, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Root, ArtifactRunFolder.NameOf(runId));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    private string PathOf(string location)
    {
        var path = Path.GetFullPath(Path.Combine(Root, location));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Artifact location '{location}' points outside {Root}.", nameof(location));
        return path;
    }

    private static async Task CopyAtomically(string source, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temporary = destination + $".{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var input = File.OpenRead(source))
            await using (var output = File.Create(temporary))
                await input.CopyToAsync(output, cancellationToken);
            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
