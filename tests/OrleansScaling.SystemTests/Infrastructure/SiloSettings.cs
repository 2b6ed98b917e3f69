namespace OrleansScaling.SystemTests.Infrastructure;

/// <summary>
/// What every silo of one test cluster shares, as the environment variables the silo reads (section "OrleansScaling"):
/// cluster mode against one Azurite, a ClusterId of its own (a crashed cluster's stale rows cannot block a join) and
/// fast failure detection (a killed silo is evicted in about a second).
/// </summary>
public sealed record SiloSettings(string StorageConnectionString, string ServiceId, string ClusterId, string DataRoot)
{
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>The test's own client's TLS settings (a TLS cluster's client needs a certificate too).</summary>
    public OrleansScaling.Hosting.Tls.TlsSettings ClientTls { get; init; } = new();

    /// <summary>The silos' corpus root: a folder a test writes in it is a corpus they offer.</summary>
    public string CorpusRoot => Path.Combine(DataRoot, "corpora");

    public static SiloSettings ForTest(string storageConnectionString, string testName) => new(
        storageConnectionString,
        ServiceId: $"systest-{testName}-{Guid.NewGuid():N}"[..40],
        ClusterId: NewClusterId(testName),
        DataRoot: Directory.CreateTempSubdirectory($"osc-{testName}-").FullName);

    public static string NewClusterId(string testName) => $"{testName}-{Guid.NewGuid():N}";

    public Dictionary<string, string> Environment(string siloName, int siloPort, int gatewayPort)
    {
        var environment = new Dictionary<string, string>
        {
            ["OrleansScaling__Mode"] = "Cluster",
            ["OrleansScaling__StorageConnectionString"] = StorageConnectionString,
            ["OrleansScaling__ServiceId"] = ServiceId,
            ["OrleansScaling__ClusterId"] = ClusterId,
            ["OrleansScaling__SiloPort"] = $"{siloPort}",
            ["OrleansScaling__GatewayPort"] = $"{gatewayPort}",
            ["OrleansScaling__AdvertisedAddress"] = "127.0.0.1",
            ["OrleansScaling__FastFailureDetection"] = "true",
            ["OrleansScaling__DataDirectory"] = Path.Combine(DataRoot, siloName),
            ["OrleansScaling__Workers__CorporaDirectory"] = TestSupport.RepositoryPaths.Root,
            // Corpora a test writes in CorpusRoot (e.g. CorpusRoot/tiny) are on offer.
            ["OrleansScaling__Workers__CorpusRoots__0"] = CorpusRoot,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__OrleansScaling"] = "Information",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in Extra) environment[key] = value;
        return environment;
    }
}
