using System.Globalization;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;
using OrleansScaling.Training;

/// <summary>
/// Several runs at once in one process, one per device, as a silo's GPU slots run them (one slot per GPU, each run
/// pinned to its cuda:N): each on its own thread with its own engine. Prints one JSON line per run, then the wall time.
/// Usage: bench-engine concurrent DEVICES CORPUS [ITERATIONS=200]   (DEVICES: cuda:0,cuda:1)
/// </summary>
internal static class ConcurrentRuns
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: bench-engine concurrent DEVICES CORPUS [ITERATIONS=200]");
            return 2;
        }
        string[] devices = args[0].Split(',');
        string corpus = args[1];
        int iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        string root = Path.Combine(Path.GetTempPath(), "orleans-scaling-concurrent-" + Guid.NewGuid().ToString("N"));
        var spec = new RunSpec(new ModelShape(256, 4, 4, 256, 256), 32, iterations, Corpus: corpus, WarmupIterations: 20, Evaluations: 4, CheckpointEvery: iterations);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = devices.Select((device, i) => Task.Run(() =>
        {
            var environment = new TrainingEnvironment(Path.Combine(root, "cache"), Path.Combine(root, $"run{i}"), device);
            return new TorchRunTrainer().Train(spec with { Seed = i + 1 }, environment, null, null, CancellationToken.None);
        })).ToArray();
        int exit = 0;
        for (int i = 0; i < runs.Length; i++)
        {
            try
            {
                var r = runs[i].GetAwaiter().GetResult();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"impl\":\"torchsharp-concurrent\",\"device\":\"{devices[i]}\",\"iterations\":{r.Counters.Iteration},\"tokensPerSecond\":{r.Counters.TokensPerSecond:F0},\"wallSeconds\":{r.Counters.WallSeconds:F2},\"firstTestLoss\":{r.Curve[0].TestLoss:F4},\"finalTestLoss\":{r.FinalTestLoss:F4}}}"));
            }
            catch (Exception e)
            {
                Console.WriteLine($"{{\"impl\":\"torchsharp-concurrent\",\"device\":\"{devices[i]}\",\"error\":{System.Text.Json.JsonSerializer.Serialize(e.Message)}}}");
                exit = 1;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"impl\":\"torchsharp-concurrent-total\",\"wallSeconds\":{clock.Elapsed.TotalSeconds:F2}}}"));
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        return exit;
    }
}
