using OrleansScaling.TestSupport;

namespace OrleansScaling.SystemTests.Infrastructure;

/// <summary>
/// One silo as its own OS process, started as `dotnet OrleansScaling.Silo.dll` (not through a wrapper), so SIGKILL
/// hits the silo itself. Its log lines go to the test's output, prefixed with its name.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan GracefulStopDeadline = TimeSpan.FromSeconds(30);
    private readonly ChildProcess _process;

    private SiloProcess(string name, int siloPort, int gatewayPort, ChildProcess process)
    {
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process = process;
    }

    public string Name { get; }
    public int SiloPort { get; }
    public int GatewayPort { get; }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Output => _process.Output;

    /// <summary>Where the silo listens for other silos.</summary>
    public string Endpoint => $"127.0.0.1:{SiloPort}";

    /// <summary>The silo built next to the tests (the test project references silo/, so its files are copied here).</summary>
    public static string SiloDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "OrleansScaling.Silo.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build tests/OrleansScaling.SystemTests first.", dll);
        }
    }

    public static SiloProcess Start(string name, SiloSettings settings, Action<string> log)
    {
        var ports = FreePorts.Take(2);
        var process = ChildProcess.Start(name, "dotnet", [SiloDll], settings.Environment(name, ports[0], ports[1]), sink: log);
        return new SiloProcess(name, ports[0], ports[1], process);
    }

    /// <summary>SIGKILL: the silo gets no chance to hand back its runs or leave the membership table.</summary>
    public async Task KillAsync()
    {
        _process.KillHard();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait: the silo shuts down as under a service manager (hands back runs, leaves the cluster).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        UnixSignals.Terminate(_process.Id);
        using var deadline = new CancellationTokenSource(GracefulStopDeadline);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"Silo {Name} did not stop within {GracefulStopDeadline.TotalSeconds} s of SIGTERM:{Environment.NewLine}{Output}", e);
        }
    }

    public Task WaitForExitAsync() => _process.WaitForExitAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
