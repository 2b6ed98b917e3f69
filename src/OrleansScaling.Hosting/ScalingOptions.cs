using Microsoft.Extensions.Configuration;
using OrleansScaling.Hosting.Tls;
using OrleansScaling.Science.Planning;

namespace OrleansScaling.Hosting;

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

    /// <summary>
    /// Cluster mode: the address a silo advertises to the others (e.g. 127.0.0.1 for several silos on one machine);
    /// unset: the machine's first network address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Detects a dead silo in about a second instead of about ten (probe timeout 1 s, 2 missed probes, 1 vote),
    /// and lets clients give up on a dead gateway after 5 s. For tests and single-rack clusters.
    /// </summary>
    public bool FastFailureDetection { get; set; }

    /// <summary>Mounts the Orleans dashboard's services on each silo (grain and silo health).</summary>
    public bool OrleansDashboard { get; set; }

    /// <summary>
    /// How often a client renews its run and experiment subscriptions. A subscription lives in the grain's memory,
    /// so after the grain moves to another silo (failover) the next renewal restores it.
    /// </summary>
    public int SubscriptionRenewSeconds { get; set; } = 10;

    /// <summary>The most runs one sweep may plan; a larger sweep is refused before anything is stored.</summary>
    public int MaxRunsPerSweep { get; set; } = SweepLimits.DefaultMaxRuns;

    /// <summary>The longest sweep name accepted, in characters.</summary>
    public int MaxSweepNameLength { get; set; } = SweepLimits.DefaultMaxNameLength;

    /// <summary>The sweep size limits these settings give.</summary>
    public SweepLimits SweepLimits => new(MaxRunsPerSweep, MaxSweepNameLength);

    /// <summary>
    /// The sweep size limits, read the one way every host reads them (silo, dashboard, `osc`): the "OrleansScaling"
    /// section's MaxRunsPerSweep and MaxSweepNameLength, defaults for what is missing, and an
    /// <see cref="InvalidSettingException"/> naming the setting for a value that is not a whole number of at least 1.
    /// </summary>
    public static SweepLimits SweepLimitsFrom(IConfiguration configuration)
    {
        var options = Settings.Read<ScalingOptions>(configuration, Section);
        options.ValidateSweepLimits();
        return options.SweepLimits;
    }

    private void ValidateSweepLimits()
    {
        if (MaxRunsPerSweep < 1 || MaxSweepNameLength < 1)
            throw new InvalidSettingException($"{Section}:MaxRunsPerSweep and {Section}:MaxSweepNameLength must be >= 1 (got {MaxRunsPerSweep} and {MaxSweepNameLength}); defaults {SweepLimits.DefaultMaxRuns} and {SweepLimits.DefaultMaxNameLength}.");
    }

    /// <summary>Mutual TLS between silos and from clients (cluster mode); see <see cref="TlsSettings"/>.</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary>
    /// Lets a cluster-mode silo whose advertised address is not loopback run without TLS, on purpose (a private
    /// network you trust). Without it such a silo refuses to start: anyone reaching its gateway could drive the cluster.
    /// </summary>
    public bool AllowInsecure { get; set; }

    /// <summary>
    /// How long a silo's graceful shutdown may take (seconds) before it gives up on handing back its work (e.g. when
    /// storage is unreachable) and exits 1; its runs' leases then expire and other silos resume them.
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>Reads the "OrleansScaling" section (defaults for what is missing) and checks it.</summary>
    public static ScalingOptions From(IConfiguration configuration)
    {
        var options = new ScalingOptions();
        try
        {
            configuration.GetSection(Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidSettingException($"{e.Message} Fix that value; docs/configuration.md lists each setting.", e);
        }
        options.Validate();
        return options;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting and how to fix it.</summary>
    public void Validate()
    {
        if (Mode == ClusterMode.Cluster && string.IsNullOrWhiteSpace(StorageConnectionString))
            throw new InvalidSettingException($"{Section}:StorageConnectionString is empty but {Section}:Mode is Cluster. Set it " +
                $"(environment {Section}__StorageConnectionString), e.g. to \"UseDevelopmentStorage=true\" for Azurite.");
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
            throw new InvalidSettingException($"{Section}:ClusterId and {Section}:ServiceId must not be empty.");
        if (SiloPort is <= 0 or > 65535 || GatewayPort is <= 0 or > 65535)
            throw new InvalidSettingException($"{Section}:SiloPort and {Section}:GatewayPort must be TCP ports (1-65535); got {SiloPort} and {GatewayPort}.");
        if (ConnectTimeoutSeconds <= 0)
            throw new InvalidSettingException($"{Section}:ConnectTimeoutSeconds must be > 0 (got {ConnectTimeoutSeconds}).");
        ValidateSweepLimits();
        if (AdvertisedAddress is { } address && !System.Net.IPAddress.TryParse(address, out _))
            throw new InvalidSettingException($"{Section}:AdvertisedAddress '{address}' is not an IP address; use e.g. 10.0.0.5, or leave it unset for the machine's first address.");
        // The files themselves are read (and refused, naming the key) when the silo or client is built.
        if (Tls.Enabled && string.IsNullOrWhiteSpace(Tls.CaCertificatePath))
            throw new InvalidSettingException($"{ClusterTls.Section}:CaCertificatePath is empty but {ClusterTls.Section}:CertificatePath is set: set both " +
                "(environment OrleansScaling__Tls__CaCertificatePath); `osc cluster certs --out DIR` creates the files.");
        if (ShutdownTimeoutSeconds <= 0)
            throw new InvalidSettingException($"{Section}:ShutdownTimeoutSeconds must be > 0 (got {ShutdownTimeoutSeconds}); the default is 30.");
        if (SubscriptionRenewSeconds <= 0)
            throw new InvalidSettingException($"{Section}:SubscriptionRenewSeconds must be > 0 (got {SubscriptionRenewSeconds}).");
    }
}
