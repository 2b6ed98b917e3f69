using System.Collections.Concurrent;
using OrleansScaling.Training.Sampling;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Engine;

/// <summary>One training batch on the host, and the sampler's accounting right after its draws.</summary>
public sealed record HostBatch(Tensor Inputs, Tensor Targets, long SamplerPosition, long UniqueDrawn) : IDisposable
{
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}

/// <summary>
/// Assembles a run's next training batches on its own thread, a few ahead of the step (a bounded queue), so the
/// training thread never waits on token reads. The batches are exactly those the step would assemble itself: the
/// sampler is drawn in the same order (only this thread draws from it), and each batch carries the sampler position
/// after it, which is what a checkpoint records. On CUDA the host tensors are pinned, so the copy to the GPU is
/// asynchronous. One prefetcher per run; nothing is shared between runs.
/// </summary>
public sealed class BatchPrefetcher : IDisposable
{
    /// <summary>Batches assembled ahead: enough to absorb a slow read, small enough to cost little memory (B·n_ctx·16 bytes each).</summary>
    public const int Depth = 4;

    private readonly BlockingCollection<HostBatch> ready = new(Depth);
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private Exception? failure;

    /// <param name="windows">The training windows.</param>
    /// <param name="sampler">The run's sampler, at the position to continue from; drawn only by this prefetcher from now on.</param>
    /// <param name="batchSize">Windows per batch.</param>
    /// <param name="batches">How many batches to assemble (the iterations left).</param>
    /// <param name="pinned">Page-locked host memory (for a CUDA device).</param>
    public BatchPrefetcher(TokenWindows windows, WindowSampler sampler, int batchSize, long batches, bool pinned)
    {
        thread = new Thread(() => Produce(windows, sampler, batchSize, batches, pinned)) { IsBackground = true, Name = "batch-prefetch" };
        thread.Start();
    }

    /// <summary>The next batch, in the sampler's order; the caller owns (disposes) it.</summary>
    public HostBatch Next()
    {
        try
        {
            return ready.Take();
        }
        catch (InvalidOperationException) when (failure is not null)
        {
            throw new InvalidOperationException($"assembling the next batch failed: {failure.Message}", failure);
        }
    }

    private void Produce(TokenWindows windows, WindowSampler sampler, int batchSize, long batches, bool pinned)
    {
        var draws = new long[batchSize];
        try
        {
            for (long n = 0; n < batches; n++)
            {
                for (int b = 0; b < batchSize; b++) draws[b] = sampler.Next();
                var (inputs, targets) = windows.HostBatch(draws, pinned);
                var batch = new HostBatch(inputs, targets, sampler.Position, sampler.UniqueDrawn);
                try
                {
                    ready.Add(batch, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    batch.Dispose();
                    return;
                }
            }
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            ready.CompleteAdding();
        }
    }

    /// <summary>Stops the thread and frees the batches it assembled that were never taken.</summary>
    public void Dispose()
    {
        stop.Cancel();
        thread.Join();
        while (ready.TryTake(out var batch)) batch.Dispose();
        ready.Dispose();
        stop.Dispose();
    }
}
