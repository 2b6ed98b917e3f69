using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Training.Tests;

/// <summary>Tiny specs, environments and corpora for the engine's tests (models of d ≤ 64, 1–2 layers).</summary>
internal static class TestData
{
    /// <summary>Shared token cache: keyed by corpus content, so tests (and test runs) reuse each other's tokenization safely.</summary>
    public static readonly string CacheDirectory = Path.Combine(Path.GetTempPath(), "orleans-scaling-engine-tests", "cache");

    public static string NewTemporaryDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "orleans-scaling-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static TrainingEnvironment Environment(string? checkpoints = null) =>
        new(CacheDirectory, checkpoints ?? NewTemporaryDirectory());

    public static RunSpec TinySpec(string corpus, int iterations = 20, int epochs = 1, double dropout = 0,
        int dModel = 32, int layers = 1, int heads = 2, int context = 16, int batch = 4) =>
        new(new ModelShape(dModel, layers, heads, context, 256), batch, iterations, epochs, dropout, corpus,
            Seed: 7, LearningRate: 3e-3, WarmupIterations: 5, Evaluations: 6, EvalBatches: 2, CheckpointEvery: 10);

    /// <summary>A folder with one .txt file of <paramref name="lines"/> distinct, numbered sentences.</summary>
    public static string TextFolder(int lines)
    {
        string folder = NewTemporaryDirectory();
        string[] words = ["the", "cat", "sat", "on", "a", "mat", "while", "dogs", "ran", "past", "quickly", "home"];
        File.WriteAllLines(Path.Combine(folder, "corpus.txt"), Enumerable.Range(0, lines).Select(i =>
            $"sentence {i}: " + string.Join(' ', Enumerable.Range(0, 8).Select(k => words[(i * 7 + k * k + i / 3) % words.Length])) + "."));
        return folder;
    }
}
