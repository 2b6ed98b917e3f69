using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Hosting;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Tests;

public sealed class ClusterCommandTests
{
    [Fact]
    public async Task Shows_silos_slots_queue_and_failures()
    {
        var cluster = new FakeScalingClient
        {
            Cluster = new ClusterView(["silo-a", "silo-b"],
                [new SlotView("silo-a", "gpu0", "cuda:0", 80L << 30, "run-1", Sample.At), new SlotView("silo-b", "cpu0", "cpu", 16L << 30, null, Sample.At)],
                3, [new FailureView("run-9", "silo-b", "lease expired", Sample.At)]),
        };
        var connector = new FakeConnector(cluster);

        var text = await Osc.Run(connector, "cluster");
        var json = JsonDocument.Parse((await Osc.Run(connector, "cluster", "--json")).Output).RootElement;

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("2 silo(s), 2 worker slot(s), 1 busy, 3 run(s) queued", text.Output);
        Assert.Contains("80.0 GiB", text.Output);
        Assert.Contains("(idle)", text.Output);
        Assert.Contains("lease expired", text.Output);
        Assert.Equal(3, json.GetProperty("queueLength").GetInt32());
        Assert.Equal("cuda:0", json.GetProperty("slots")[0].GetProperty("device").GetString());
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_4_saying_where_it_looked_and_how_to_start_a_silo()
    {
        var options = new ScalingOptions { GatewayPort = UnusedPort(), ConnectTimeoutSeconds = 1, ClusterId = $"osc-test-{Guid.NewGuid():N}" };
        var result = await Osc.Run(new OrleansClusterConnector(options), "cluster");

        Assert.Equal(ExitCodes.ClusterUnreachable, result.ExitCode);
        Assert.Contains($"No OrleansScaling silo answered on 127.0.0.1:{options.GatewayPort}", result.Error);
        Assert.Contains("within 1 s", result.Error);
        Assert.Contains("Start one with `dotnet run --project silo`", result.Error);
    }

    [Fact]
    public async Task Cluster_mode_without_a_connection_string_is_bad_input_naming_the_setting()
    {
        var result = await Osc.Run(new OrleansClusterConnector(new ScalingOptions { Mode = ClusterMode.Cluster }), "runs", "list");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("OrleansScaling__StorageConnectionString", result.Error);
    }

    /// <summary>A port nothing listens on: bound once by the OS, then released.</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
