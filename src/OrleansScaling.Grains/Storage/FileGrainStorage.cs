using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace OrleansScaling.Grains.Storage;

/// <summary>
/// Orleans grain storage in a folder: one file per grain state, atomic replacement, optimistic concurrency by ETag
/// (a mismatch throws <see cref="InconsistentStateException"/>, like the Azure providers). Local mode's provider:
/// state survives a restart with no server. One silo process per folder: the locks are in-process.
/// </summary>
public sealed class FileGrainStorage(string name, string directory, IGrainStorageSerializer serializer,
    ILogger<FileGrainStorage> logger) : IGrainStorage
{
    // Striped locks make each check-then-write atomic within the silo without one lock object per grain.
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public string StateDirectory { get; } = Path.GetFullPath(directory);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = GrainStateFileNames.PathFor(StateDirectory, stateName, grainId);
        var stored = await WithLockAsync(path, () => GrainStateFile.ReadAsync(path));
        if (stored is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = serializer.Deserialize<T>(stored.Contents);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = GrainStateFileNames.PathFor(StateDirectory, stateName, grainId);
        var next = new GrainStateFile(Guid.NewGuid().ToString("N"), serializer.Serialize(grainState.State));
        await WithLockAsync(path, async () =>
        {
            await ThrowIfETagDiffersAsync(path, stateName, grainId, grainState.ETag);
            await next.WriteAsync(path);
            return true;
        });
        grainState.ETag = next.ETag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = GrainStateFileNames.PathFor(StateDirectory, stateName, grainId);
        await WithLockAsync(path, async () =>
        {
            await ThrowIfETagDiffersAsync(path, stateName, grainId, grainState.ETag);
            File.Delete(path);
            return true;
        });
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task ThrowIfETagDiffersAsync(string path, string stateName, GrainId grainId, string? expected)
    {
        var current = (await GrainStateFile.ReadAsync(path))?.ETag;
        if (current == expected) return;
        logger.LogWarning("Storage {Provider}: ETag conflict on {StateName} of {GrainId} (expected {Expected}, stored {Current})",
            name, stateName, grainId, expected ?? "none", current ?? "none");
        throw new InconsistentStateException(
            $"Grain state {stateName} of {grainId} was changed by another writer (provider '{name}', file '{path}').",
            current ?? "none", expected ?? "none");
    }

    private async Task<TResult> WithLockAsync<TResult>(string path, Func<Task<TResult>> action)
    {
        var gate = _locks[(uint)StringComparer.Ordinal.GetHashCode(path) % (uint)_locks.Length];
        await gate.WaitAsync();
        try
        {
            return await action();
        }
        finally
        {
            gate.Release();
        }
    }
}
