using System.Runtime.InteropServices;

namespace OrleansScaling.Grains.Telemetry;

/// <summary>
/// Memory in use on a CUDA device, read through NVML (libnvidia-ml.so.1, installed with the NVIDIA driver). TorchSharp
/// 0.107 has no torch.cuda.memory_allocated, and NVML needs no CUDA context. Null on machines without the driver.
/// </summary>
internal static class GpuMemory
{
    private static readonly Lazy<bool> Initialised = new(() =>
    {
        try { return nvmlInit_v2() == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    });

    public static long? UsedBytes(string device)
    {
        if (!device.StartsWith("cuda:", StringComparison.Ordinal) || !uint.TryParse(device.AsSpan(5), out var index)) return null;
        if (!Initialised.Value) return null;
        if (nvmlDeviceGetHandleByIndex_v2(index, out var handle) != 0) return null;
        return nvmlDeviceGetMemoryInfo(handle, out var memory) == 0 ? (long)memory.Used : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [DllImport("libnvidia-ml.so.1")] private static extern int nvmlInit_v2();
    [DllImport("libnvidia-ml.so.1")] private static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);
    [DllImport("libnvidia-ml.so.1")] private static extern int nvmlDeviceGetMemoryInfo(IntPtr device, out NvmlMemory memory);
}
