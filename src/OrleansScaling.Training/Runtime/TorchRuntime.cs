using OrleansScaling.Science.Runs;
using TorchSharp;

namespace OrleansScaling.Training.Runtime;

/// <summary>Process-wide TorchSharp settings: intra-op threads and device selection.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Sets the intra-op thread count. One thread per run is the default: on a 2-core machine one thread
    /// trained faster than two (6915 vs 3587 tokens/s, d=128 L=4), and several runs share the cores.
    /// </summary>
    public static void SetThreads(int threads)
    {
        if (threads <= 0)
            throw new ArgumentException($"threads must be positive (got {threads}); use 1 per run on CPU.", nameof(threads));
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }

    /// <summary>
    /// TF32 matrix products on CUDA for Tf32 runs, off for the others. libtorch keeps this switch once per process (its
    /// global context), not per thread: the scheduler gives a silo's GPU slots only runs that need the same setting
    /// (MatmulModes, GpuPlacement; docs/orchestration.md). On CPU there is nothing to switch.
    /// </summary>
    public static void ApplyPrecision(Precision precision, torch.Device device)
    {
        if (device.type != DeviceType.CUDA) return;
        bool tf32 = precision == Precision.Tf32;
        torch.backends.cuda.matmul.allow_tf32 = tf32;
        torch.backends.cudnn.allow_tf32 = tf32;
    }

    /// <summary>Parses "cpu" or "cuda:N" and checks the device exists in this build and on this machine.</summary>
    public static torch.Device ParseDevice(string device)
    {
        if (device == "cpu") return torch.CPU;
        if (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device.AsSpan(5), out int index) && index >= 0)
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"device {device} was requested but CUDA is not available (build with -p:TorchDevice=cuda on a GPU machine, or build with -p:TorchDevice=none and load a CUDA PyTorch's libtorch: osc train --libtorch DIR, OrleansScaling:Workers:LibTorchDirectory; or use device cpu).", nameof(device));
            if (index >= torch.cuda.device_count())
                throw new ArgumentException($"device {device} does not exist: this machine has {torch.cuda.device_count()} CUDA device(s).", nameof(device));
            return new torch.Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"device must be \"cpu\" or \"cuda:N\" (got \"{device}\").", nameof(device));
    }
}
