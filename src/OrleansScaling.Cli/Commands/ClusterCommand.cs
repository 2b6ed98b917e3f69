using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Hosting.Tls;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc cluster`: the silos, their worker slots, the queue and recent failures; `osc cluster certs`: a new cluster's TLS files.</summary>
public sealed class ClusterCommand(IClusterConnector connector) : ClientCommand(connector)
{
    public override string Name => "cluster";
    public override string Summary => "show silos, worker slots (GPU/CPU), the queue and recent failures; `certs` makes TLS files";
    public override string Usage => """
        osc cluster [--json]
          Shows every silo, its worker slots (device, memory, the run each one trains), the queue length and
          recent failures. --json prints the cluster view as JSON.
        osc cluster certs --out DIR [--password P] [--name NAME]
          Creates a new cluster's mutual-TLS files with .NET's own cryptography: DIR/ca.crt (the cluster CA, give it
          to every silo and client), DIR/ca.pfx (the CA's key: keep it offline), DIR/silo.pfx and DIR/client.pfx
          (issued by the CA; --password protects the .pfx files). Refuses to overwrite an existing CA. No cluster needed.
        """;

    public override Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Positionals is ["certs", ..]) return Certificates(args, output);
        var json = args.Json;
        if (args.Positionals.Count > 0) throw CliException.BadInput($"unexpected argument '{args.Positionals[0]}'.");
        RejectUnknownOptions(args);
        return WithClient(async client =>
        {
            var cluster = await client.GetCluster();
            await output.WriteAsync(json ? Json.Serialize(cluster) + "\n" : Describe(cluster));
            return ExitCodes.Success;
        }, cancellationToken);
    }

    private static async Task<int> Certificates(CliArgs args, TextWriter output)
    {
        if (args.Positionals.Count > 1) throw CliException.BadInput($"unexpected argument '{args.Positionals[1]}'.");
        var directory = Path.GetFullPath(args.Required("out"));
        var password = args.String("password");
        var name = args.String("name") ?? "orleans-scaling";
        RejectUnknownOptions(args);
        if (File.Exists(Path.Combine(directory, ClusterCertificates.CaCertificate)))
            throw CliException.BadInput($"--out {directory} already holds a cluster CA ({ClusterCertificates.CaCertificate}); choose an empty folder, so no cluster loses its CA.");
        var files = ClusterCertificates.Create(directory, password, name);
        await output.WriteLineAsync($"wrote {string.Join(", ", files)}");
        await output.WriteLineAsync($"silos:   OrleansScaling__Tls__CertificatePath={Path.Combine(directory, ClusterCertificates.Silo)} " +
            $"OrleansScaling__Tls__CaCertificatePath={Path.Combine(directory, ClusterCertificates.CaCertificate)}");
        await output.WriteLineAsync($"clients: OrleansScaling__Tls__CertificatePath={Path.Combine(directory, ClusterCertificates.Client)} " +
            $"OrleansScaling__Tls__CaCertificatePath={Path.Combine(directory, ClusterCertificates.CaCertificate)}" +
            (password is null ? "" : " and OrleansScaling__Tls__CertificatePassword"));
        return ExitCodes.Success;
    }

    public static string Describe(ClusterView cluster)
    {
        var slots = new TextTable("SILO", "SLOT", "DEVICE", "MEMORY", "RUN", "LAST SEEN");
        foreach (var s in cluster.Slots)
            slots.Add(SiloNames.HostPort(s.Silo), s.Slot, s.Device, Units.Bytes(s.MemoryBytes), s.RunId ?? "(idle)", Units.Time(s.LastSeen));
        var text = $"{cluster.Silos.Count} silo(s), {cluster.Slots.Count} worker slot(s), " +
                   $"{cluster.Slots.Count(s => s.RunId is not null)} busy, {cluster.QueueLength} run(s) queued\n\n{slots}";
        if (cluster.Corpora is { } corpora)
            text += "\ncorpora on offer: " + (corpora.Count == 0 ? "none" : string.Join(", ", corpora.Select(c => $"{c.Name} ({c.Fingerprint})"))) + "\n";
        if (cluster.RecentFailures.Count == 0) return text;
        var failures = new TextTable("RUN", "SILO", "AT", "REASON");
        foreach (var f in cluster.RecentFailures) failures.Add(f.RunId, SiloNames.HostPort(f.Silo), Units.Time(f.At), f.Reason);
        return text + $"\nrecent failures:\n{failures}";
    }
}
