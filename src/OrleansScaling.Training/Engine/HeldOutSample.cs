using OrleansScaling.Training.Sampling;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Engine;

/// <summary>
/// The fixed test sample every evaluation of a run uses: EvalBatches × B windows of the test split, chosen by a fixed
/// seed, so the test curve measures the model, not the sample. Runs with the same corpus, context and batch share it.
/// </summary>
public sealed class HeldOutSample(TokenWindows testWindows, int batchSize, int batches)
{
    private const ulong SampleSeed = 0xE7A1;

    private readonly long[] windows = testWindows.Count == 0
        ? throw new ArgumentException($"the corpus's test split has fewer than {testWindows.Context + 1} tokens; use a larger corpus or a shorter context.", "corpus")
        : WindowSampler.PermutationPrefix(testWindows.Count, Math.Min(testWindows.Count, (long)batchSize * batches), new SplitMix64(SampleSeed));

    public long Tokens => windows.LongLength * testWindows.Context;

    /// <summary>Mean test loss in nats per token, in evaluation mode (no dropout) and without gradients.</summary>
    public double Loss(Model.Gpt model, Device device)
    {
        model.eval();
        double sum = 0;
        using (no_grad())
        {
            for (int start = 0; start < windows.Length; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var (inputs, targets) = testWindows.Batch(windows[start..Math.Min(windows.Length, start + batchSize)], device);
                sum += Model.Gpt.Loss(model.forward(inputs), targets).item<float>() * inputs.shape[0];
            }
        }
        model.train();
        return sum / windows.Length;
    }
}
