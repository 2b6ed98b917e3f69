using System.Text.RegularExpressions;
using OrleansScaling.Client;
using OrleansScaling.Hosting;

namespace OrleansScaling.SystemTests.Infrastructure;

/// <summary>
/// A real cluster of silo processes on one Azurite, plus one Orleans client in the test process. Silos can be
/// killed (SIGKILL), stopped (SIGTERM) and the whole cluster restarted under a fresh ClusterId over the same storage.
/// </summary>
public sealed class ProcessCluster(SiloSettings settings, Action<string> log) : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);
    private readonly List<SiloProcess> _silos = [];
    private ScalingConnection? _connection;

    public SiloSettings Settings { get; private set; } = settings;
    public IReadOnlyList<SiloProcess> Silos => _silos;
    private ScalingConnection Connection => _connection ?? throw new InvalidOperationException("Call StartAsync first.");
    public IClusterClient Grains => Connection.ClusterClient;
    public ScalingClient Client => Connection.Client;

    /// <summary>Starts <paramref name="siloCount"/> silos and a client, and returns once every silo is active and its host
    /// has started (its worker slots too: a silo is active in the membership before its hosted services have started).</summary>
    public async Task StartAsync(int siloCount)
    {
        for (var i = 0; i < siloCount; i++) _silos.Add(SiloProcess.Start($"silo{_silos.Count + 1}", Settings, log));
        var connecting = ConnectClientAsync();
        // A silo that dies at start (bad configuration) fails the test now, not at the connect deadline.
        var first = await Task.WhenAny(_silos.Select(s => s.WaitForExitAsync()).Append(connecting));
        if (first != connecting) ThrowIfAnySiloCrashed();
        _connection = await connecting;
        await WaitForActiveSilosAsync(siloCount);
        await WaitForHostsStartedAsync();
    }

    /// <summary>Every silo has printed .NET's "Application started" (Microsoft.Hosting.Lifetime, shown at the default levels).</summary>
    private async Task WaitForHostsStartedAsync()
    {
        using var deadline = new CancellationTokenSource(ReadyDeadline);
        while (_silos.Any(s => !s.HasExited && !s.Output.Contains("Application started", StringComparison.Ordinal)))
        {
            ThrowIfAnySiloCrashed();
            // The output is a growing text with no event per line here; poll it until the deadline.
            await Task.Delay(100, deadline.Token);
        }
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
        var management = Grains.GetGrain<IManagementGrain>(0);
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

    private Task<ScalingConnection> ConnectClientAsync() => ScalingClientConnector.ConnectAsync(new ScalingOptions
    {
        Mode = ClusterMode.Cluster,
        StorageConnectionString = Settings.StorageConnectionString,
        ClusterId = Settings.ClusterId,
        ServiceId = Settings.ServiceId,
        FastFailureDetection = true,
        Tls = Settings.ClientTls,
        // Renew subscriptions quickly: after a failover a subscriber is back within this.
        SubscriptionRenewSeconds = 2,
    }, ReadyDeadline);

    private async Task StopAllAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
        await Task.WhenAll(_silos.Select(s => s.StopAsync()));
        foreach (var silo in _silos) await silo.DisposeAsync();
        _silos.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        foreach (var silo in _silos) await silo.DisposeAsync();
        if (Directory.Exists(Settings.DataRoot)) Directory.Delete(Settings.DataRoot, recursive: true);
    }
}
