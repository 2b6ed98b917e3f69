using OrleansScaling.Grains.Storage;

namespace OrleansScaling.Grains.Tests.Storage;

/// <summary>What only the file provider promises, beyond the shared conformance: its layout on disk.</summary>
[Collection(FilePersistenceCollection.Name)]
public sealed class FileGrainStorageTests(FilePersistenceFixture fixture)
{
    private string GrainsDirectory => Path.Combine(fixture.DataDirectory, "grains");

    [Fact]
    public async Task Writes_leave_exactly_one_state_file_per_grain_and_no_temporary_files()
    {
        var id = GrainId.Create("layouttest", $"run/{Guid.NewGuid():N}");
        var state = new GrainState<ConformanceState>(new ConformanceState { Name = "x" });
        for (var i = 0; i < 5; i++) await fixture.Storage.WriteStateAsync("layout", id, state);

        var path = GrainStateFileNames.PathFor(GrainsDirectory, "layout", id);
        Assert.True(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        Assert.StartsWith(GrainsDirectory, path);
    }

    [Fact]
    public async Task A_damaged_state_file_is_reported_with_its_path_instead_of_read_as_empty()
    {
        var id = GrainId.Create("layouttest", $"damaged-{Guid.NewGuid():N}");
        var path = GrainStateFileNames.PathFor(GrainsDirectory, "layout", id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "no etag line");

        var read = new GrainState<ConformanceState>(new ConformanceState());
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => fixture.Storage.ReadStateAsync("layout", id, read));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void File_names_stay_short_and_portable_for_any_key()
    {
        var id = GrainId.Create("trainingrun", "exp/1:α*?" + new string('k', 1000));

        var name = Path.GetFileName(GrainStateFileNames.PathFor("/data", "state", id));

        Assert.True(name.Length < 200, name);
        Assert.Matches("^[A-Za-z0-9_.-]+$", name);
    }
}
