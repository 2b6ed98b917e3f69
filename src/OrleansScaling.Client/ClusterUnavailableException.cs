using OrleansScaling.Hosting;
namespace OrleansScaling.Client;

/// <summary>No silo answered within the connect timeout; the message says where the client looked and what to start.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static ClusterUnavailableException For(ScalingOptions options, TimeSpan waited, Exception? inner) => new(
        options.Mode == ClusterMode.Local
            ? $"No OrleansScaling silo answered on 127.0.0.1:{options.GatewayPort} (local mode, cluster '{options.ClusterId}') " +
              $"within {waited.TotalSeconds:0.#} s. Start one with `dotnet run --project silo` (or `dotnet run --project dashboard`), " +
              $"or set {ScalingOptions.Section}__Mode=Cluster to join a cluster."
            : $"No silo of cluster '{options.ClusterId}' (service '{options.ServiceId}') answered within {waited.TotalSeconds:0.#} s; " +
              $"looked in the Azure Table membership of {StorageAccountOf(options.StorageConnectionString)}. Start silos with " +
              $"{ScalingOptions.Section}__Mode=Cluster and the same StorageConnectionString and ClusterId." + TlsHint(options),
        inner);

    /// <summary>A gateway that requires TLS drops a client without a certificate: say so when this client has none.</summary>
    private static string TlsHint(ScalingOptions options) => options.Tls.Enabled
        ? $" This client uses TLS ({options.Tls.CertificatePath}): the silos must use certificates from the same CA."
        : $" If the cluster uses TLS, this client needs a certificate from the cluster's CA: set {ScalingOptions.Section}__Tls__CertificatePath " +
          $"(client.pfx from `osc cluster certs`) and {ScalingOptions.Section}__Tls__CaCertificatePath (ca.crt).";

    /// <summary>The account a connection string names, never its key.</summary>
    private static string StorageAccountOf(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return "(no StorageConnectionString)";
        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)) return "Azurite (UseDevelopmentStorage=true)";
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return parts.GetValueOrDefault("TableEndpoint") ?? (parts.TryGetValue("AccountName", out var account) ? $"account '{account}'" : "the configured storage account");
    }
}
