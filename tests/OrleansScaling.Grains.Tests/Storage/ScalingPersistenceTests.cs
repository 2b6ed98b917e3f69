using Microsoft.Extensions.Hosting;
using OrleansScaling.Hosting;
using OrleansScaling.Grains.Storage;

namespace OrleansScaling.Grains.Tests.Storage;

public sealed class ScalingPersistenceTests
{
    [Fact]
    public void Cluster_mode_without_a_connection_string_is_refused_with_the_setting_to_fix()
    {
        var options = new ScalingOptions { Mode = ClusterMode.Cluster, StorageConnectionString = " " };

        var error = Assert.ThrowsAny<ArgumentException>(() =>
            new HostApplicationBuilder().UseOrleans(silo => silo.AddScalingPersistence(options)));

        Assert.Contains("OrleansScaling:StorageConnectionString", error.Message);
        Assert.Contains("OrleansScaling__StorageConnectionString", error.Message);
    }
}
