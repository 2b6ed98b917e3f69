namespace OrleansScaling.Hosting.Telemetry;

/// <summary>
/// The names of OrleansScaling's instruments, as Prometheus shows them (counters gain "_total" on export). One list, so
/// the Grafana dashboard and the Kubernetes manifests can be checked against what the code emits.
/// </summary>
public static class MetricNames
{
    public const string Meter = "OrleansScaling";

    public const string Slots = "orleans_scaling_slots";
    public const string SlotTokensPerSecond = "orleans_scaling_slot_tokens_per_second";
    public const string SlotStepSeconds = "orleans_scaling_slot_step_seconds";
    public const string SlotDeviceMemoryBytes = "orleans_scaling_slot_device_memory_bytes";
    public const string Attempts = "orleans_scaling_attempts";              // counter: orleans_scaling_attempts_total
    public const string LeasesLost = "orleans_scaling_leases_lost";         // counter: orleans_scaling_leases_lost_total
    public const string QueueLength = "orleans_scaling_queue_length";
    public const string Runs = "orleans_scaling_runs";

    /// <summary>Every series name a scrape can show.</summary>
    public static readonly IReadOnlySet<string> Exported = new HashSet<string>
    {
        Slots, SlotTokensPerSecond, SlotStepSeconds, SlotDeviceMemoryBytes, Attempts + "_total", LeasesLost + "_total", QueueLength, Runs,
    };
}
