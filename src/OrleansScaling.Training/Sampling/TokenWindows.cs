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

    public long Count { get; } = tokens.Length > 0 ? (tokens.Length - 1) / context : 0;

    /// <summary>Tokens usable as training inputs (what the corpus-too-small check compares against).</summary>
    public long UsableTokens => Count * Context;

    /// <summary>Inputs and targets, each (B, n_ctx) int64, for the given windows, on <paramref name="device"/>.</summary>
    public (Tensor Inputs, Tensor Targets) Batch(IReadOnlyList<long> windows, Device device)
    {
        int span = Context + 1;
        long[] window = new long[span];
        long[] inputs = new long[windows.Count * Context], targets = new long[windows.Count * Context];
        for (int b = 0; b < windows.Count; b++)
        {
            tokens.Read(windows[b] * Context, window);
            window.AsSpan(0, Context).CopyTo(inputs.AsSpan(b * Context));
            window.AsSpan(1, Context).CopyTo(targets.AsSpan(b * Context));
        }
        return (ToDevice(inputs, windows.Count, device), ToDevice(targets, windows.Count, device));
    }

    private Tensor ToDevice(long[] ids, int batch, Device device)
    {
        Tensor cpu = torch.tensor(ids, [batch, Context], dtype: int64);
        if (device.type == DeviceType.CPU) return cpu;
        using (cpu) return cpu.to(device);
    }
}
