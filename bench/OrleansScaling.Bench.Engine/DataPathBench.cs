using System.Diagnostics;
using System.Globalization;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;
using OrleansScaling.Training;
using OrleansScaling.Training.Engine;

/// <summary>
/// The data path alone: tokens/s the engine's BatchPrefetcher delivers (sampler draws, reads from the memory-mapped
/// token cache, int64 batches) with nothing else running. All assembly happens on the prefetcher's one thread, so this
/// is what one CPU core feeds a GPU. Usage: bench-engine data [CONTEXT=1024] [BATCH=64] [BATCHES=2000] [CORPUS=brown]
/// </summary>
internal static class DataPathBench
{
    public static int Run(string[] args)
    {
        int context = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
        int batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        int batches = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
        string corpus = args.Length > 3 ? args[3] : "brown";

        // M(E) with E large enough that the corpus holds the subset: the data path's cost does not depend on the regime.
        var shape = new ModelShape(64, 1, 1, context, 256);
        var probe = new RunSpec(shape, batch, 1, 1, 0, corpus);
        string cache = Path.Combine(Path.GetTempPath(), "orleans-scaling-bench", "cache");
        long windows;
        using (var data = RunData.Open(probe, new TrainingEnvironment(cache, Path.GetTempPath()))) windows = data.Train.Count;
        int epochs = (int)Math.Max(1, ((long)batch * batches + windows / 2 - 1) / (windows / 2));
        var spec = probe with { Iterations = batches, Epochs = epochs };
        using var run = RunData.Open(spec, new TrainingEnvironment(cache, Path.GetTempPath()));

        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using (var prefetcher = new BatchPrefetcher(run.Train, run.Sampler, batch, batches, pinned: false))
            for (int i = 0; i < batches; i++) prefetcher.Next().Dispose();
        double seconds = clock.Elapsed.TotalSeconds;
        double cores = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / seconds;
        double tokens = (double)batches * batch * context;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"impl\":\"data-path\",\"corpus\":\"{corpus}\",\"context\":{context},\"batch\":{batch},\"batches\":{batches},\"epochs\":{epochs},\"seconds\":{seconds:F3},\"tokensPerSecond\":{tokens / seconds:F0},\"coresUsed\":{cores:F2}}}"));
        return 0;
    }
}
