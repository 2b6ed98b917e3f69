using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScaling.Client;
using OrleansScaling.Hosting;
using OrleansScaling.TestSupport;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training;

namespace OrleansScaling.Grains.Tests;

/// <summary>The local single-silo mode as silo/ and the dashboard host it, reached through the client connector.</summary>
public sealed class LocalModeTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"osc-local-{Guid.NewGuid():N}");
    private readonly FakeTrainer _trainer = new();
    private readonly ScalingOptions _options;

    public LocalModeTests()
    {
        var ports = FreePorts.Take(2);
        _options = new ScalingOptions { DataDirectory = _data, SiloPort = ports[0], GatewayPort = ports[1], ClusterId = $"local-{Guid.NewGuid():N}" };
    }

    [Fact]
    public async Task A_local_silo_runs_a_sweep_and_after_a_restart_still_has_its_experiment_runs_and_curves()
    {
        string experimentId, runId;
        IReadOnlyList<Science.Curves.CurvePoint> curve;
        await using (var silo = await StartSilo())
        await using (var connection = await ScalingClientConnector.ConnectAsync(_options, TimeSpan.FromSeconds(60)))
        {
            experimentId = await connection.Client.LaunchSweep(new SweepRequest("local", SweepKind.Recipe, P0: 3e5, T0: 1.5e6,
                BatchSize: 4, Context: 32, Seeds: [TestRuns.NewSeed()]));
            runId = (await connection.Client.GetExperiment(experimentId))!.Runs[0].RunId;
            await TestRuns.WaitForStatus(connection.Client.Grains, runId, RunStatus.Succeeded);
            curve = await connection.Client.GetCurve(runId);
            // The run tells its experiment, which tells the catalog, by one-way messages: stopping the silo before they
            // land would leave the catalog at Running (a restart repairs it only when the experiment is next activated).
            await WaitForCatalog(connection.Client, experimentId, ExperimentStatus.Succeeded);
        }

        await using (var silo = await StartSilo())
        await using (var connection = await ScalingClientConnector.ConnectAsync(_options, TimeSpan.FromSeconds(60)))
        {
            Assert.Contains(await connection.Client.ListExperiments(), e => e.ExperimentId == experimentId && e.Status == ExperimentStatus.Succeeded);
            Assert.Equal(RunStatus.Succeeded, (await connection.Client.GetRun(runId))!.Status);
            Assert.Equal(curve.Select(p => p.Iteration), (await connection.Client.GetCurve(runId)).Select(p => p.Iteration));
        }
    }

    private static async Task WaitForCatalog(IScalingClient client, string experimentId, ExperimentStatus status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await client.ListExperiments()).All(e => e.ExperimentId != experimentId || e.Status != status))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the catalog never listed {experimentId} as {status}.");
            await Task.Delay(100);
        }
    }

    private async Task<AsyncHost> StartSilo()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OrleansScaling:DataDirectory"] = _data,
            ["OrleansScaling:SiloPort"] = _options.SiloPort.ToString(),
            ["OrleansScaling:GatewayPort"] = _options.GatewayPort.ToString(),
            ["OrleansScaling:ClusterId"] = _options.ClusterId,
            ["OrleansScaling:Workers:PollSeconds"] = "0.1",
        });
        builder.UseOrleans(silo => silo.AddOrleansScalingSilo(builder.Configuration));
        builder.Services.AddSingleton<IRunTrainer>(_trainer);
        var host = builder.Build();
        await host.StartAsync();
        return new AsyncHost(host);
    }

    private sealed class AsyncHost(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }
}
