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
              $"{ScalingOptions.Section}__Mode=Cluster and the same StorageConnectionString and ClusterId.",
        inner);

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
