using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Hosting;
using OrleansScaling.Hosting.Tls;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;
using OrleansScaling.SystemTests.Infrastructure;
using OrleansScaling.TestSupport;
using Xunit.Abstractions;

namespace OrleansScaling.SystemTests;

/// <summary>
/// Mutual TLS end to end: two silo processes and a client with certificates from one `osc cluster certs` CA train a
/// tiny run; `osc` without a certificate is refused (exit 4, a message naming TLS) and a silo without one cannot join.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class TlsClusterTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan IntruderDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_TLS_cluster_trains_and_refuses_a_client_and_a_silo_without_a_certificate()
    {
        var certificates = Directory.CreateTempSubdirectory("osc-tls-").FullName;
        ClusterCertificates.Create(certificates, password: "test-only");
        var plain = SiloSettings.ForTest(azurite.ConnectionString, "tls") with
        {
            Extra = new Dictionary<string, string> { ["OrleansScaling__Workers__CpuSlots"] = "1" },
        };
        var settings = plain with
        {
            Extra = new Dictionary<string, string>(plain.Extra)
            {
                ["OrleansScaling__Tls__CertificatePath"] = Path.Combine(certificates, ClusterCertificates.Silo),
                ["OrleansScaling__Tls__CaCertificatePath"] = Path.Combine(certificates, ClusterCertificates.CaCertificate),
                ["OrleansScaling__Tls__CertificatePassword"] = "test-only",
            },
            ClientTls = new TlsSettings
            {
                CertificatePath = Path.Combine(certificates, ClusterCertificates.Client),
                CaCertificatePath = Path.Combine(certificates, ClusterCertificates.CaCertificate),
                CertificatePassword = "test-only",
            },
        };
        var corpus = TinyCorpus.Write(Path.Combine(settings.CorpusRoot, "tiny"));
        await using var cluster = new ProcessCluster(settings, output.WriteLine);
        await cluster.StartAsync(siloCount: 2);

        // One tiny run (d=32, one layer, about 30 iterations) trains over TLS.
        var experimentId = await cluster.Client.LaunchSweep(new SweepRequest($"tls-{Guid.NewGuid():N}", SweepKind.Recipe, P0: 2e4, T0: 2e3,
            DModels: [32], Layers: 1, Context: 16, BatchSize: 4, WarmupIterations: 2, Corpus: corpus));
        var runId = (await cluster.Client.GetExperiment(experimentId))!.Runs.Single().RunId;
        var done = await Waiting.ForRun(cluster.Client, runId, v => v.Status is RunStatus.Succeeded or RunStatus.Failed, "finished", RunDeadline);
        Assert.True(done.Status == RunStatus.Succeeded, $"{done.Status}: {done.FailureReason}");

        // osc without a certificate: exit 4, and the message says TLS.
        var error = new StringWriter();
        var withoutCertificate = new ScalingOptions
        {
            Mode = ClusterMode.Cluster, StorageConnectionString = settings.StorageConnectionString,
            ClusterId = settings.ClusterId, ServiceId = settings.ServiceId, ConnectTimeoutSeconds = 5,
        };
        var exit = await CommandRouter.RunAsync([new ClusterCommand(new OrleansClusterConnector(withoutCertificate))], ["cluster"], TextWriter.Null, error);
        Assert.True(exit == ExitCodes.ClusterUnreachable, $"exit {exit}: {error}");
        Assert.Contains("TLS", error.ToString());

        // A silo without a certificate (loopback, so it may start without TLS) cannot join: it stops, and the cluster
        // still counts two active silos.
        await using var intruder = SiloProcess.Start("intruder", plain with { ClusterId = settings.ClusterId }, output.WriteLine);
        using var deadline = new CancellationTokenSource(IntruderDeadline);
        await intruder.WaitForExitAsync().WaitAsync(deadline.Token);
        // Orleans' own words: its probes of both silos failed (their TLS handshakes refused it), then it was voted dead.
        Assert.True(intruder.ExitCode != 0 && intruder.Output.Contains("Failed to get ping responses from 2 of 2 active silos"),
            $"exit {intruder.ExitCode}: {intruder.Output}");
        var active = await cluster.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, active.Count);
        Directory.Delete(certificates, recursive: true);
    }
}
