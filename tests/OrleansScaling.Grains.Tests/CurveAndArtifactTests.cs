using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Runs;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Tests;

public sealed class CurveAndArtifactTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"osc-artifacts-{Guid.NewGuid():N}");

    private static CurvePoint Point(long iteration) => new(iteration, iteration * 10, 0, 1, 1.0 / iteration, 0, 0, 0);

    [Fact]
    public void Points_reported_again_after_a_resume_are_recorded_once_and_in_order()
    {
        var (curve, _) = CurveMerge.Append([], [Point(10), Point(20), Point(30)]);
        var (resumed, added) = CurveMerge.Append(curve, [Point(30), Point(20), Point(40), Point(50)]);
        Assert.Equal([10L, 20, 30, 40, 50], resumed.Select(p => p.Iteration));
        Assert.Equal([40L, 50], added.Select(p => p.Iteration));
    }

    [Fact]
    public async Task The_local_store_round_trips_a_checkpoint_and_deletes_one_or_all_of_a_run()
    {
        var store = new LocalFolderArtifactStore(_root);
        var source = Path.Combine(Path.GetTempPath(), $"osc-ckpt-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(source, "state at 100");
        var first = await store.PutCheckpoint("run-1", 100, source);
        var second = await store.PutCheckpoint("run-1", 200, source);
        File.Delete(source);

        var copy = Path.Combine(_root, "fetched");
        await store.FetchTo(first, copy);
        Assert.Equal("state at 100", await File.ReadAllTextAsync(copy));

        await store.Delete(first);
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.FetchTo(first, copy));
        await store.DeleteRun("run-1");
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.FetchTo(second, copy));
        await Assert.ThrowsAsync<ArgumentException>(() => store.FetchTo("../outside", copy));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
