using System.Collections.Immutable;
using Orleans.Storage;

namespace OrleansScaling.Grains.Tests.Storage;

[GenerateSerializer]
public sealed record ConformanceState
{
    [Id(0)] public string Name { get; init; } = "";
    [Id(1)] public List<double> Losses { get; init; } = [];
    // The shapes the grains' states use: immutable collections of positional records.
    [Id(2)] public ImmutableDictionary<string, ConformanceLease> Leases { get; init; } = ImmutableDictionary<string, ConformanceLease>.Empty;
    [Id(3)] public ImmutableList<ConformanceLease> History { get; init; } = [];
}

[GenerateSerializer, Immutable]
public sealed record ConformanceLease([property: Id(0)] string Silo, [property: Id(1)] DateTimeOffset Until);

/// <summary>
/// The behaviour every grain storage provider of ours must share, run against each one: the grains rely on it for
/// concurrency control (ETag) and for "no state yet" (RecordExists).
/// </summary>
public abstract class GrainStorageConformance(PersistenceSiloFixture fixture)
{
    private const string StateName = "conformance";
    private IGrainStorage Storage => fixture.Storage;

    private static GrainId NewGrainId(string keyPrefix = "grain") => GrainId.Create("conformancetest", $"{keyPrefix}-{Guid.NewGuid():N}");

    private static GrainState<ConformanceState> Holding(ConformanceState state, string? eTag = null) =>
        new(state) { ETag = eTag };

    private async Task<GrainState<ConformanceState>> ReadAsync(GrainId id)
    {
        var read = new GrainState<ConformanceState>(new ConformanceState());
        await Storage.ReadStateAsync(StateName, id, read);
        return read;
    }

    [Fact]
    public async Task A_grain_never_written_reads_as_no_record()
    {
        var read = await ReadAsync(NewGrainId());

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task A_written_state_reads_back_equal_with_the_etag_of_the_write()
    {
        var id = NewGrainId();
        var lease = new ConformanceLease("S127.0.0.1:11111:1", new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var written = Holding(new ConformanceState
        {
            Name = "run-1", Losses = [4.5, 3.25, 2.125],
            Leases = ImmutableDictionary<string, ConformanceLease>.Empty.Add("run-1", lease), History = [lease, lease with { Silo = "other" }],
        });

        await Storage.WriteStateAsync(StateName, id, written);
        var read = await ReadAsync(id);

        Assert.True(read.RecordExists);
        Assert.False(string.IsNullOrEmpty(written.ETag));
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("run-1", read.State!.Name);
        Assert.Equal([4.5, 3.25, 2.125], read.State!.Losses);
        Assert.Equal(lease, read.State!.Leases["run-1"]);
        Assert.Equal(written.State!.History, read.State!.History);
    }

    [Fact]
    public async Task Each_write_changes_the_etag()
    {
        var id = NewGrainId();
        var state = Holding(new ConformanceState { Name = "a" });
        await Storage.WriteStateAsync(StateName, id, state);
        var first = state.ETag;

        state.State = state.State! with { Name = "b" };
        await Storage.WriteStateAsync(StateName, id, state);

        Assert.NotEqual(first, state.ETag);
        Assert.Equal("b", (await ReadAsync(id)).State!.Name);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_conflicts_and_keeps_the_newer_state()
    {
        var id = NewGrainId();
        var original = Holding(new ConformanceState { Name = "original" });
        await Storage.WriteStateAsync(StateName, id, original);
        var stale = Holding(new ConformanceState { Name = "stale" }, original.ETag);
        original.State = original.State! with { Name = "newer" };
        await Storage.WriteStateAsync(StateName, id, original);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale));

        Assert.Equal("newer", (await ReadAsync(id)).State!.Name);
    }

    [Fact]
    public async Task Creating_a_state_that_already_exists_conflicts()
    {
        var id = NewGrainId();
        await Storage.WriteStateAsync(StateName, id, Holding(new ConformanceState { Name = "first" }));

        var second = Holding(new ConformanceState { Name = "second" }, eTag: null);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, second));

        Assert.Equal("first", (await ReadAsync(id)).State!.Name);
    }

    [Fact]
    public async Task Clear_removes_the_state_and_a_fresh_write_starts_over()
    {
        var id = NewGrainId();
        var state = Holding(new ConformanceState { Name = "to be cleared" });
        await Storage.WriteStateAsync(StateName, id, state);

        await Storage.ClearStateAsync(StateName, id, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.False((await ReadAsync(id)).RecordExists);
        var fresh = Holding(new ConformanceState { Name = "fresh" });
        await Storage.WriteStateAsync(StateName, id, fresh);
        Assert.Equal("fresh", (await ReadAsync(id)).State!.Name);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_conflicts_and_keeps_the_state()
    {
        var id = NewGrainId();
        var state = Holding(new ConformanceState { Name = "v1" });
        await Storage.WriteStateAsync(StateName, id, state);
        var stale = Holding(state.State!, state.ETag);
        state.State = state.State! with { Name = "v2" };
        await Storage.WriteStateAsync(StateName, id, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, stale));

        Assert.Equal("v2", (await ReadAsync(id)).State!.Name);
    }

    [Fact]
    public async Task Grains_whose_keys_differ_only_in_unsafe_characters_keep_separate_states()
    {
        var prefix = Guid.NewGuid().ToString("N");
        var keys = new[] { $"{prefix}/a:b", $"{prefix}/a?b", $"{prefix}\\..\\a b", $"{prefix}-ünïcødé-" + new string('x', 300) };
        foreach (var key in keys)
            await Storage.WriteStateAsync(StateName, GrainId.Create("conformancetest", key), Holding(new ConformanceState { Name = key }));

        foreach (var key in keys)
            Assert.Equal(key, (await ReadAsync(GrainId.Create("conformancetest", key))).State!.Name);
    }
}

[Collection(FilePersistenceCollection.Name)]
public sealed class FileGrainStorageConformanceTests(FilePersistenceFixture fixture) : GrainStorageConformance(fixture);

[Collection(AzurePersistenceCollection.Name)]
public sealed class AzureBlobGrainStorageConformanceTests(AzurePersistenceFixture fixture) : GrainStorageConformance(fixture);
