namespace OrleansScaling.Grains.Tests.Storage;

/// <summary>What the worker slots rely on from either artifact store: checkpoints go in, come back byte-equal, and go away.</summary>
public abstract class ArtifactStoreConformance(PersistenceSiloFixture fixture) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("osc-artifacts-").FullName;

    private string LocalFile(string name, byte[] contents)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllBytes(path, contents);
        return path;
    }

    [Fact]
    public async Task A_checkpoint_put_is_fetched_back_byte_for_byte()
    {
        var runId = $"run-{Guid.NewGuid():N}";
        var contents = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();

        var location = await fixture.Artifacts.PutCheckpoint(runId, 120, LocalFile("put.ckpt", contents));
        var fetched = Path.Combine(_scratch, "nested", "fetched.ckpt");
        await fixture.Artifacts.FetchTo(location, fetched);

        Assert.Equal(contents, await File.ReadAllBytesAsync(fetched));
    }

    [Fact]
    public async Task A_deleted_checkpoint_can_no_longer_be_fetched_and_deleting_twice_is_no_error()
    {
        var runId = $"run-{Guid.NewGuid():N}";
        var location = await fixture.Artifacts.PutCheckpoint(runId, 1, LocalFile("delete.ckpt", [1, 2, 3]));

        await fixture.Artifacts.Delete(location);
        await fixture.Artifacts.Delete(location);

        await Assert.ThrowsAsync<FileNotFoundException>(() => fixture.Artifacts.FetchTo(location, Path.Combine(_scratch, "gone.ckpt")));
    }

    [Fact]
    public async Task Deleting_a_run_removes_all_its_checkpoints_and_no_other_runs()
    {
        var runId = $"run-{Guid.NewGuid():N}";
        var otherRunId = $"{runId}-other";
        var first = await fixture.Artifacts.PutCheckpoint(runId, 10, LocalFile("a.ckpt", [1]));
        var second = await fixture.Artifacts.PutCheckpoint(runId, 20, LocalFile("b.ckpt", [2]));
        var other = await fixture.Artifacts.PutCheckpoint(otherRunId, 10, LocalFile("c.ckpt", [3]));

        await fixture.Artifacts.DeleteRun(runId);

        foreach (var location in new[] { first, second })
            await Assert.ThrowsAsync<FileNotFoundException>(() => fixture.Artifacts.FetchTo(location, Path.Combine(_scratch, "x.ckpt")));
        await fixture.Artifacts.FetchTo(other, Path.Combine(_scratch, "other.ckpt"));
        Assert.Equal([3], await File.ReadAllBytesAsync(Path.Combine(_scratch, "other.ckpt")));
    }

    [Fact]
    public async Task A_run_id_that_would_escape_its_folder_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Artifacts.PutCheckpoint("../escape", 1, LocalFile("e.ckpt", [1])));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}

[Collection(FilePersistenceCollection.Name)]
public sealed class LocalFolderArtifactStoreConformanceTests(FilePersistenceFixture fixture) : ArtifactStoreConformance(fixture);

[Collection(AzurePersistenceCollection.Name)]
public sealed class BlobArtifactStoreConformanceTests(AzurePersistenceFixture fixture) : ArtifactStoreConformance(fixture);
