namespace OrleansScaling.Client;

/// <summary>How a process finds the cluster and stores its data.</summary>
public enum ClusterMode
{
    /// <summary>One machine: localhost clustering, file storage under <see cref="ScalingOptions.DataDirectory"/>. No server.</summary>
    Local,
    /// <summary>Many machines: Azure Table clustering, Azure Blob grain storage and artifacts.</summary>
    Cluster,
}

/// <summary>
/// The settings shared by silos, the dashboard and `osc`, bound from the configuration section "OrleansScaling"
/// (environment: OrleansScaling__Mode, OrleansScaling__StorageConnectionString, ...). docs/configuration.md lists them.
/// </summary>
public sealed class ScalingOptions
{
    public const string Section = "OrleansScaling";

    public ClusterMode Mode { get; set; } = ClusterMode.Local;
    public string ClusterId { get; set; } = "orleans-scaling";
    public string ServiceId { get; set; } = "orleans-scaling";

    /// <summary>Azure Storage connection string for cluster mode; "UseDevelopmentStorage=true" for Azurite.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Local mode's grain state, artifacts and token caches.</summary>
    public string DataDirectory { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".orleans-scaling");

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Seconds a client waits for the cluster before giving up (osc exits 4).</summary>
    public int ConnectTimeoutSeconds { get; set; } = 15;
}
