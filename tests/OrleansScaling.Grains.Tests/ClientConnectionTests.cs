using OrleansScaling.Client;
using OrleansScaling.Hosting;
using OrleansScaling.TestSupport;

namespace OrleansScaling.Grains.Tests;

public sealed class ClientConnectionTests
{
    [Fact]
    public async Task Connecting_to_a_local_cluster_with_no_silo_gives_up_and_says_where_it_looked()
    {
        var options = new ScalingOptions { GatewayPort = FreePorts.Take(1)[0], ClusterId = $"nobody-{Guid.NewGuid():N}" };
        // A generous deadline (the connector's own timeout is 2 s): the test fails rather than hangs if it never gives up.
        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            ScalingClientConnector.ConnectAsync(options, TimeSpan.FromSeconds(2)).WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains($"127.0.0.1:{options.GatewayPort}", error.Message);
        Assert.Contains("dotnet run --project silo", error.Message);
    }

    [Fact]
    public void Cluster_mode_without_a_connection_string_is_refused_naming_the_setting()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new ScalingOptions { Mode = ClusterMode.Cluster }.Validate());
        Assert.Contains("OrleansScaling__StorageConnectionString", error.Message);
    }
}
