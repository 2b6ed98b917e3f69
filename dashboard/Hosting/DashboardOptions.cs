namespace OrleansScaling.Dashboard.Hosting;

/// <summary>The dashboard's own settings, bound from the configuration section "Dashboard" (env: Dashboard__AccessToken).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>Where the dashboard listens unless ASPNETCORE_URLS / --urls say otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Required when the dashboard listens beyond loopback: launching, cancelling and retrying (UI and API)
    /// then need it, sent as "Authorization: Bearer TOKEN" or entered once per browser session.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// Every page and API read needs the access token too (on loopback as well), for a lab whose network is shared and
    /// whose curves are not for everyone. Needs <see cref="AccessToken"/>.
    /// </summary>
    public bool RequireTokenForReads { get; set; }

    /// <summary>Where the Orleans dashboard (grain and silo health) is mounted; the cluster page links to it.</summary>
    public string OrleansDashboardUrl { get; set; } = "/orleans";

    /// <summary>
    /// Training throughput one CPU slot sustains, in FLOP/s, for the plan preview's time estimate. Measured:
    /// 6,915 tokens/s × 5.74 MFLOP/token (d=128, L=4, ctx=128, one thread, docs/dashboard.md) ≈ 4.0e10.
    /// </summary>
    public double CpuFlopsPerSecond { get; set; } = 4.0e10;

    /// <summary>
    /// The most tokens/s one CPU slot reaches however small the model: below d≈128 per-step overheads dominate,
    /// so FLOPs alone would promise far too much. Measured on one thread: 6,915 tokens/s at d=128 L=4 ctx=128,
    /// 7,372 tokens/s at d=64 L=1 ctx=32.
    /// </summary>
    public double CpuMaxTokensPerSecond { get; set; } = 7000;

    /// <summary>Throughput assumed for one GPU slot (FLOP/s); not measured here, set it from your own runs.</summary>
    public double GpuFlopsPerSecond { get; set; } = 5.0e13;

    /// <summary>
    /// How often an open page re-reads its snapshot from the last point it has (seconds), filling whatever was
    /// pushed while a failed-over grain had no subscriber yet. Pushed updates arrive within a second regardless.
    /// </summary>
    public double CatchUpSeconds { get; set; } = 10;
}
