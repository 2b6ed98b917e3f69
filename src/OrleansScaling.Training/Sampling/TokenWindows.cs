using System.Runtime.InteropServices;
using OrleansScaling.Science.Planning;
using OrleansScaling.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Sampling;

/// <summary>
/// A token file cut into non-overlapping windows of n_ctx input tokens: window w holds tokens [w·n_ctx, (w+1)·n_ctx]
/// (inputs are the first n_ctx, targets the last n_ctx, shifted by one). So each window accounts for n_ctx tokens.
/// </summary>
public sealed class TokenWindows(TokenFile tokens, int context)
{
    public int Context { get; } = context;

    public long Count { get; } = CorpusCapacity.Windows(tokens.Length, context);

    /// <summary>Tokens usable as training inputs (what the corpus-too-small check compares against).</summary>
    public long UsableTokens => Count * Context;

    /// <summary>Inputs and targets, each (B, n_ctx) int64, for the given windows, on <paramref name="device"/>.</summary>
    public (Tensor Inputs, Tensor Targets) Batch(IReadOnlyList<long> windows, Device device)
    {
        var (inputs, targets) = HostBatch(windows, pinned: false);
        if (device.type == DeviceType.CPU) return (inputs, targets);
        using (inputs) using (targets) return (inputs.to(device), targets.to(device));
    }

    /// <summary>
    /// Inputs and targets, each (B, n_ctx) int64, on the host, written straight from the memory-mapped token file into
    /// the tensors' memory. <paramref name="pinned"/>: page-locked memory, so a copy to a GPU can be asynchronous (CUDA
    /// builds only). Safe to call off the training thread: it touches only its own new tensors and the read-only map.
    /// </summary>
    public (Tensor Inputs, Tensor Targets) HostBatch(IReadOnlyList<long> windows, bool pinned)
    {
        Tensor inputs = NewHost(windows.Count, pinned), targets = NewHost(windows.Count, pinned);
        Span<long> inputIds = MemoryMarshal.Cast<byte, long>(inputs.bytes), targetIds = MemoryMarshal.Cast<byte, long>(targets.bytes);
        Span<ushort> window = Context + 1 <= 8192 ? stackalloc ushort[Context + 1] : new ushort[Context + 1];
        for (int b = 0; b < windows.Count; b++)
        {
            tokens.ReadRaw(windows[b] * Context, window);
            Span<long> input = inputIds.Slice(b * Context, Context), target = targetIds.Slice(b * Context, Context);
            for (int i = 0; i < Context; i++)
            {
                input[i] = window[i];
                target[i] = window[i + 1];
            }
        }
        return (inputs, targets);
    }

    private Tensor NewHost(int batch, bool pinned)
    {
        Tensor host = torch.empty([batch, Context], dtype: int64);
        if (!pinned) return host;
        using (host) return host.pin_memory();
    }
}
