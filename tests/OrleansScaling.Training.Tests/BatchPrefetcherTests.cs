using System.Runtime.InteropServices;
using OrleansScaling.Training.Sampling;
using OrleansScaling.Training.Engine;

namespace OrleansScaling.Training.Tests;

public class BatchPrefetcherTests
{
    /// <summary>
    /// The batches the training thread gets are the windows a step drawing from the sampler itself would read, in the
    /// same order and with the same tokens, across epochs of M(E) and from a resumed position.
    /// </summary>
    [Fact]
    public void Prefetched_batches_are_the_samplers_windows_in_order_token_for_token_from_any_position()
    {
        var spec = TestData.TinySpec("brown", iterations: 30, epochs: 3, batch: 4, context: 16);
        using var data = RunData.Open(spec, TestData.Environment());
        long draws = (long)spec.BatchSize * spec.Iterations;
        var reference = new WindowSampler(data.Train.Count, draws, spec.Epochs, spec.Seed);
        const long resumedAt = 7;
        data.Sampler.Position = reference.Position = resumedAt * spec.BatchSize;

        using var prefetcher = new BatchPrefetcher(data.Train, data.Sampler, spec.BatchSize, spec.Iterations - resumedAt, pinned: false);
        long[] window = new long[spec.Shape.Context + 1];
        for (long iteration = resumedAt; iteration < spec.Iterations; iteration++)
        {
            using HostBatch batch = prefetcher.Next();
            long[] inputs = Ids(batch.Inputs), targets = Ids(batch.Targets);
            Assert.Equal([spec.BatchSize, spec.Shape.Context], batch.Inputs.shape);
            for (int b = 0; b < spec.BatchSize; b++)
            {
                data.Tokens.Train.Read(reference.Next() * spec.Shape.Context, window);
                Assert.Equal(window[..^1], inputs.AsSpan(b * spec.Shape.Context, spec.Shape.Context).ToArray());
                Assert.Equal(window[1..], targets.AsSpan(b * spec.Shape.Context, spec.Shape.Context).ToArray());
            }
            Assert.Equal(reference.Position, batch.SamplerPosition);
            Assert.Equal(reference.UniqueDrawn, batch.UniqueDrawn);
        }
        Assert.Equal(draws, reference.Position); // all three epochs were walked
    }

    [Fact]
    public void Disposing_a_prefetcher_that_is_ahead_stops_its_thread_and_frees_its_batches()
    {
        var spec = TestData.TinySpec("brown", iterations: 50, batch: 2);
        using var data = RunData.Open(spec, TestData.Environment());
        var prefetcher = new BatchPrefetcher(data.Train, data.Sampler, spec.BatchSize, spec.Iterations, pinned: false);
        using (prefetcher.Next()) { }
        prefetcher.Dispose(); // returns: the producer, blocked on a full queue, saw the stop
        Assert.True(data.Sampler.Position <= (1 + BatchPrefetcher.Depth + 1) * spec.BatchSize);
    }

    private static long[] Ids(TorchSharp.torch.Tensor tensor) => MemoryMarshal.Cast<byte, long>(tensor.bytes).ToArray();
}
