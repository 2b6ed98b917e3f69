using Microsoft.Extensions.Logging;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Scheduling;
using TorchSharp;

namespace OrleansScaling.Grains.Workers;

/// <summary>The slots a silo offers: one per GPU (cuda:N), then the configured CPU slots.</summary>
internal static class SlotDevices
{
    public static IReadOnlyList<SlotDescriptor> Describe(string silo, WorkerOptions options, ILogger logger)
    {
        var gpus = options.GpuSlots ?? CountGpus(logger);
        var cpuMemory = options.CpuSlots == 0 ? 0 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / options.CpuSlots;
        return Enumerable.Range(0, gpus).Select(i => new SlotDescriptor(silo, $"gpu{i}", $"cuda:{i}", options.GpuMemoryBytes))
            .Concat(Enumerable.Range(0, options.CpuSlots).Select(i => new SlotDescriptor(silo, $"cpu{i}", "cpu", cpuMemory)))
            .ToList();
    }

    /// <summary>GPUs torch.cuda sees; none when libtorch cannot load here (the silo still runs its CPU slots).</summary>
    private static int CountGpus(ILogger logger)
    {
        try
        {
            return torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            logger.LogWarning(e, "Could not load libtorch to look for GPUs; this silo offers CPU slots only. " +
                "Set {Key} to declare GPU slots without probing.", $"{WorkerOptions.Section}:GpuSlots");
            return 0;
        }
    }
}
