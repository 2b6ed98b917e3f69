using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansScaling.Contracts;

namespace OrleansScaling.SystemTests.Infrastructure;

/// <summary>
/// A real cluster of silo processes on one Azurite, plus one Orleans client in the test process. Silos can be
/// killed (SIGKILL), stopped (SIGTERM) and the whole cluster restarted under a fresh ClusterId over the same storage.
/// </summary>
public sealed class ProcessCluster(SiloSettings settings, Action<string> log) : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);
    private readonly List<SiloProcess> _silos = [];
    private IHost? _client;

    public SiloSettings Settings { get; private set; } = settings;
    public IReadOnlyList<SiloProcess> Silos => _silos;
    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>()
        ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Starts <paramref name="siloCount"/> silos and a client, and returns once every silo is active.</summary>
    public async Task StartAsync(int siloCount)
    {
        for (var i = 0; i < siloCount; i++) _silos.Add(SiloProcess.Start($"silo{_silos.Count + 1}", Settings, log));
        _client = await ConnectClientAsync();
        await WaitForActiveSilosAsync(siloCount);
    }

    /// <summary>Stops every silo gracefully and the client, then starts the same number again as a new cluster (new ClusterId) over the same storage.</summary>
    public async Task RestartAsync()
    {
        var count = _silos.Count(s => !s.HasExited);
        await StopAllAsync();
        Settings = Settings with { ClusterId = SiloSettings.NewClusterId("restart") };
        await StartAsync(count);
    }

    /// <summary>The live silo process a silo name names (Orleans writes SiloAddress as S127.0.0.1:port:generation).</summary>
    public SiloProcess SiloNamed(string siloName) =>
        _silos.SingleOrDefault(s => !s.HasExited && Regex.IsMatch(siloName, $@"127\.0\.0\.1:{s.SiloPort}(?!\d)"))
        ?? throw new InvalidOperationException($"No live silo is '{siloName}'; silos: {string.Join(", ", _silos.Select(s => $"{s.Name}={s.Endpoint}"))}");

    public async Task WaitForActiveSilosAsync(int expected)
    {
        using var deadline = new CancellationTokenSource(ReadyDeadline);
        var management = Client.GetGrain<IManagementGrain>(0);
        while (true)
        {
            ThrowIfAnySiloCrashed();
            try
            {
                var hosts = await management.GetHosts(onlyActive: true).WaitAsync(deadline.Token);
                if (hosts.Count == expected) return;
            }
            catch (Exception e) when (e is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
            {
                log($"[cluster] not ready yet: {e.GetType().Name}");
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{expected} active silos not reached within {ReadyDeadline.TotalSeconds} s.");
            }
            // Membership changes have no client-side event; poll until the deadline.
            await Task.Delay(250, deadline.Token);
        }
    }

    private void ThrowIfAnySiloCrashed()
    {
        var crashed = _silos.FirstOrDefault(s => s.HasExited);
        if (crashed is not null)
            throw new InvalidOperationException($"Silo {crashed.Name} exited while the cluster was starting:{Environment.NewLine}{crashed.Output}");
    }

    private async Task<IHost> ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseAzureStorageClustering(table => table.TableServiceClient = new TableServiceClient(Settings.StorageConnectionString))
            .Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (Settings.ClusterId, Settings.ServiceId))
            // A call in flight to a killed silo fails after this instead of the default 30 s.
            .Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(5))
            .Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2)));
        builder.Services.AddSerializer(serializer => serializer.AddOrleansScalingSerialization());
        builder.Services.AddSingleton<IClientConnectionRetryFilter, RetryUntilCancelled>();
        var host = builder.Build();
        using var deadline = new CancellationTokenSource(ReadyDeadline);
        await host.StartAsync(deadline.Token);
        return host;
    }

    private async Task StopAllAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
            _client = null;
        }
        await Task.WhenAll(_silos.Select(s => s.StopAsync()));
        foreach (var silo in _silos) await silo.DisposeAsync();
        _silos.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        foreach (var silo in _silos) await silo.DisposeAsync();
        if (Directory.Exists(Settings.DataRoot)) Directory.Delete(Settings.DataRoot, recursive: true);
    }

    /// <summary>The silos may still be starting when the client does: keep trying until the caller's deadline.</summary>
    private sealed class RetryUntilCancelled : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            await Task.Delay(500, cancellationToken);
            return true;
        }
    }
}
