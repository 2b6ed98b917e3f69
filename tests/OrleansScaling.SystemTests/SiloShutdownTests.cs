using OrleansScaling.SystemTests.Infrastructure;
using OrleansScaling.TestSupport;
using Xunit.Abstractions;

namespace OrleansScaling.SystemTests;

/// <summary>A silo's graceful shutdown is bounded even when its storage has gone away.</summary>
public sealed class SiloShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_whose_storage_is_gone_stops_within_its_shutdown_timeout_and_says_what_it_could_not_hand_back()
    {
        // Its own Azurite, so that killing it leaves the other system tests theirs.
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var settings = SiloSettings.ForTest(azurite.ConnectionString, "shutdown") with
        {
            Extra = new Dictionary<string, string> { ["OrleansScaling__ShutdownTimeoutSeconds"] = "3" },
        };
        await using var cluster = new ProcessCluster(settings, output.WriteLine);
        await cluster.StartAsync(siloCount: 1);
        var silo = cluster.Silos.Single();

        await azurite.DisposeAsync();
        await silo.StopAsync(); // SIGTERM; throws when the silo is still running 30 s later

        Assert.Equal(1, silo.ExitCode);
        Assert.Contains("silo: graceful shutdown did not finish within 3 s (OrleansScaling:ShutdownTimeoutSeconds)", silo.Output);
        Assert.DoesNotContain("   at ", silo.Output.Split('\n').Last(l => l.Contains("silo: graceful")));
    }
}
