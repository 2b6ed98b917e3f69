using OrleansScaling.Grains.Tests.Infrastructure;

namespace OrleansScaling.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ClusterViewTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_cluster_view_lists_the_silos_and_their_cpu_slots()
    {
        var primary = fixture.Cluster.Silos[0].SiloAddress.ToString();
        var view = await fixture.Client.GetCluster();
        Assert.Contains(primary, view.Silos);
        Assert.True(view.Silos.Count >= 2);
        var slot = Assert.Single(view.Slots, s => s.Silo == primary);
        Assert.Equal("cpu", slot.Device);
        Assert.True(slot.MemoryBytes > 0);
    }
}
