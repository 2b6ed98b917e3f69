namespace OrleansScaling.Hosting.Telemetry;

/// <summary>Section OrleansScaling:Metrics: where a process serves Prometheus text (off unless Port is set).</summary>
public sealed class MetricsOptions
{
    public const string Section = "OrleansScaling:Metrics";

    /// <summary>The port of /metrics; unset: no metrics endpoint.</summary>
    public int? Port { get; set; }

    /// <summary>The address it listens on: 127.0.0.1 by default; "*" for every interface (Kubernetes, a Prometheus elsewhere).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>How often the cluster-wide gauges (queue length, runs by status) are read from the grains.</summary>
    public double ClusterPollSeconds { get; set; } = 15;
}
