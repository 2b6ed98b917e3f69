namespace OrleansScaling.Grains.Artifacts;

/// <summary>
/// Where checkpoints live between attempts, so a run can resume on any silo: a local folder in local mode
/// (<see cref="LocalFolderArtifactStore"/>), Azure Blob in cluster mode. Locations are opaque strings that only
/// the store that returned them understands; the run grain keeps the latest one in its CheckpointRef.
/// </summary>
public interface IArtifactStore
{
    /// <summary>
    /// Stores the local checkpoint file of <paramref name="runId"/> at <paramref name="iteration"/>; returns its location.
    /// A <paramref name="fork"/> checkpoint (a trunk's, where cooldown branches start) gets a name of its own, so the
    /// run's regular checkpoint at the same iteration never overwrites or deletes it.
    /// </summary>
    Task<string> PutCheckpoint(string runId, long iteration, string localFile, CancellationToken cancellationToken = default, bool fork = false);

    /// <summary>Copies the artifact at <paramref name="location"/> to <paramref name="localFile"/> (overwriting it).</summary>
    Task FetchTo(string location, string localFile, CancellationToken cancellationToken = default);

    /// <summary>Deletes one artifact (a checkpoint superseded by a newer one); a missing one is no error.</summary>
    Task Delete(string location, CancellationToken cancellationToken = default);

    /// <summary>Deletes every artifact of <paramref name="runId"/>; a run without any is no error.</summary>
    Task DeleteRun(string runId, CancellationToken cancellationToken = default);
}
