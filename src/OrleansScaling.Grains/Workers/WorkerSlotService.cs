using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScaling.Hosting;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Telemetry;
using OrleansScaling.Training;
using OrleansScaling.Training.Corpora;
using OrleansScaling.Training.Runtime;

namespace OrleansScaling.Grains.Workers;

/// <summary>
/// This silo's worker slots, running outside any grain call. Registered after the silo's own hosted service, so it
/// starts once the silo is up and stops before the silo does: a graceful stop cancels every engine, which writes a
/// checkpoint, and each slot hands its run back at once. A stop without grace (kill) leaves the runs to their leases.
/// </summary>
internal sealed class WorkerSlotService(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IRunTrainer trainer,
    IArtifactStore artifacts,
    IOptions<WorkerOptions> workerOptions,
    IOptions<ScalingOptions> scalingOptions,
    SlotMetrics metrics,
    ILoggerFactory loggers,
    ILogger<WorkerSlotService> logger) : BackgroundService
{
    private SlotContext? _context;

    /// <summary>Advertises this silo's corpora before the host counts it as started, so a launch right after sees them.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = workerOptions.Value;
        var dataDirectory = scalingOptions.Value.DataDirectory;
        var hasSlots = options.CpuSlots > 0 || options.GpuSlots is null or > 0;
        var roots = options.CorpusRoots.Count > 0 ? options.CorpusRoots : [Path.Combine(dataDirectory, "corpora")];
        var offers = hasSlots
            ? await Task.Run(() => CorpusOffers.Find(roots, options.CorporaDirectory, options.CacheDirectory ?? Path.Combine(dataDirectory, "cache")), cancellationToken)
            : [];
        var corpora = offers.Select(o => new CorpusOffer(o.Name, o.Fingerprint, o.TrainTokens.ToImmutableDictionary())).ToList();
        await grains.GetGrain<ISiloCorporaGrain>(silo.SiloAddress.ToParsableString()).Advertise(corpora);
        logger.LogInformation("Silo {Silo} offers corpora: {Corpora}", silo.SiloAddress, corpora.Count == 0 ? "none" : string.Join(", ", corpora.Select(c =>
            $"{c.Name} ({c.Fingerprint}; training tokens: {string.Join(", ", c.TrainTokens!.OrderBy(t => t.Key).Select(t => $"{t.Value:N0} {t.Key.ToString().ToLowerInvariant()}"))})")));
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = workerOptions.Value;
        var dataDirectory = scalingOptions.Value.DataDirectory;
        var siloName = silo.SiloAddress.ToString();
        if (options.LibTorchDirectory is { } libTorch)
        {
            // Before anything touches TorchSharp (the GPU count below is the first); a failure stops the silo with the
            // missing library or symbol named, rather than leaving slots that fail every run.
            try { logger.LogInformation("{LibTorch}", LibTorch.UseDirectory(libTorch).Describe()); }
            catch (LibTorchLoadException e) { throw new InvalidOperationException($"{WorkerOptions.Section}:LibTorchDirectory: {e.Message}", e); }
        }
        _context = new SlotContext(grains, trainer, artifacts, options,
            options.WorkDirectory ?? Path.Combine(dataDirectory, "work", SafeName(siloName)),
            options.CacheDirectory ?? Path.Combine(dataDirectory, "cache"), logger,
            loggers.CreateLogger(RunLifecycleLog.Category), metrics);
        var slots = SlotDevices.Describe(siloName, options, logger).Select(d => new WorkerSlot(_context, d)).ToList();
        logger.LogInformation("Silo {Silo} offers {Count} worker slot(s): {Devices}", siloName, slots.Count,
            string.Join(", ", slots.Select(s => $"{s.Descriptor.Slot}={s.Descriptor.Device}")));
        return Task.WhenAll(slots.Select(slot => Task.Run(() => slot.Run(stoppingToken), CancellationToken.None)));
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested && _context is not null) _context.Abandoned = true;
        return base.StopAsync(cancellationToken);
    }

    private static string SafeName(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
}
