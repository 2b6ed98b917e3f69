using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc cluster`: the silos, their worker slots, the queue and recent failures.</summary>
public sealed class ClusterCommand(IClusterConnector connector) : ClientCommand(connector)
{
    public override string Name => "cluster";
    public override string Summary => "show silos, worker slots (GPU/CPU), the queue and recent failures";
    public override string Usage => """
        osc cluster [--json]
          Shows every silo, its worker slots (device, memory, the run each one trains), the queue length and
          recent failures. --json prints the cluster view as JSON.
        """;

    public override Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
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

    public static string Describe(ClusterView cluster)
    {
        var slots = new TextTable("SILO", "SLOT", "DEVICE", "MEMORY", "RUN", "LAST SEEN");
        foreach (var s in cluster.Slots)
            slots.Add(s.Silo, s.Slot, s.Device, Units.Bytes(s.MemoryBytes), s.RunId ?? "(idle)", Units.Time(s.LastSeen));
        var text = $"{cluster.Silos.Count} silo(s), {cluster.Slots.Count} worker slot(s), " +
                   $"{cluster.Slots.Count(s => s.RunId is not null)} busy, {cluster.QueueLength} run(s) queued\n\n{slots}";
        if (cluster.RecentFailures.Count == 0) return text;
        var failures = new TextTable("RUN", "SILO", "AT", "REASON");
        foreach (var f in cluster.RecentFailures) failures.Add(f.RunId, f.Silo, Units.Time(f.At), f.Reason);
        return text + $"\nrecent failures:\n{failures}";
    }
}
