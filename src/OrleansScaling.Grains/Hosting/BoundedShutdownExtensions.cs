using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansScaling.Hosting;

namespace OrleansScaling.Grains.Hosting;

/// <summary>
/// A silo process that stops within a stated time (OrleansScaling:ShutdownTimeoutSeconds) even when storage is
/// unreachable, and says so in one line when it could not hand its work back.
/// </summary>
public static class BoundedShutdownExtensions
{
    /// <summary>Gives the host's graceful shutdown the configured timeout.</summary>
    public static IHostApplicationBuilder UseBoundedShutdown(this IHostApplicationBuilder builder)
    {
        var seconds = ScalingOptions.From(builder.Configuration).ShutdownTimeoutSeconds;
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(seconds));
        return builder;
    }

    /// <summary>
    /// Starts the silo, waits for SIGTERM / Ctrl+C, and stops it. 0 after a clean stop; 1 with one line on
    /// <paramref name="error"/> when the stop ran out of time (the process then ends at once, whatever still runs);
    /// 2 with one line when it could not start. Refused settings propagate to <see cref="StartupRefusal"/>.
    /// </summary>
    public static async Task<int> RunSiloAsync(this IHost host, TextWriter error)
    {
        try
        {
            await host.StartAsync();
        }
        catch (Exception e) when (StartupRefusal.Refusal(e) is null)
        {
            await error.WriteLineAsync($"silo: could not start ({e.GetType().Name}: {e.GetBaseException().Message.ReplaceLineEndings(" ")}); " +
                $"check that the storage {ScalingOptions.Section}:StorageConnectionString names is reachable.");
            return StartupRefusal.ExitCode;
        }

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
            await stopping.Task;

        var timeout = host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var clock = Stopwatch.StartNew();
        var stop = host.StopAsync();
        // The host cancels the graceful path at the timeout; a few seconds more for the ungraceful rest.
        var ended = await Task.WhenAny(stop, Task.Delay(timeout + TimeSpan.FromSeconds(5))) == stop;
        if (ended && stop.IsCompletedSuccessfully && clock.Elapsed < timeout)
        {
            host.Dispose();
            return 0;
        }
        var why = stop.IsFaulted ? $" ({stop.Exception!.GetBaseException().Message.ReplaceLineEndings(" ")})" : "";
        await error.WriteLineAsync($"silo: graceful shutdown did not finish within {timeout.TotalSeconds:0} s " +
            $"({ScalingOptions.Section}:ShutdownTimeoutSeconds){why}: could not hand back its cluster membership or the leases of " +
            "the runs it was training (is storage reachable?); other silos resume those runs from their last checkpoints " +
            "once the leases expire.");
        await error.FlushAsync();
        ExitNow(1);
        return 1;
    }

    /// <summary>Ends the process without running shutdown handlers, which would wait for the same unreachable storage.</summary>
    private static void ExitNow(int code)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) PosixExit(code);
        Environment.Exit(code);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void PosixExit(int status);
}
