using System.Diagnostics;
using OrleansScaling.Bench.Orleans;

// Orchestration benchmark (issue 4): the fast trainer stands in for the engine, silos run in this process on
// loopback with the local-mode file storage.
// Usage: bench-orleans [--scenarios abcd] [--dispatch-runs N] [--scale-seconds S]
// Prints markdown table rows for docs/benchmarks.md.
var dispatchRuns = IntArgument("--dispatch-runs", 10_000);
var scaleRunSeconds = IntArgument("--scale-seconds", 4);
var scenarios = StringArgument("--scenarios", "abcd");
const int silos = 4, slotsPerSilo = 4;

Console.WriteLine($"# {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine("| Scenario | Result |");
Console.WriteLine("|---|---|");
var total = Stopwatch.StartNew();
if (scenarios.Contains('a') || scenarios.Contains('b') || scenarios.Contains('d'))
{
    await using var cluster = await BenchCluster.StartAsync(silos, slotsPerSilo, new FastTrainer());
    if (scenarios.Contains('a')) await LatencyScenario.Run(cluster, submissions: 20);
    if (scenarios.Contains('d')) await FanOutScenario.Run(cluster, cluster.ClientOptions, subscribers: 10, runs: 16, runLength: TimeSpan.FromSeconds(10));
    if (scenarios.Contains('b')) await DispatchScenario.Run(cluster, dispatchRuns, silos * slotsPerSilo);
}
if (scenarios.Contains('c')) await ScaleOutScenario.Run([1, 2, 4], slotsPerSilo, runs: 64, TimeSpan.FromSeconds(scaleRunSeconds));
Console.WriteLine($"# total {total.Elapsed.TotalSeconds:F0} s; experiment summaries that lagged behind their finished runs: {BenchSweeps.LaggingSummaries}, " +
    $"still stale 5 s later: {BenchSweeps.StaleSummaries}");
return 0;

string StringArgument(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at < 0 ? fallback : at + 1 < args.Length ? args[at + 1] : throw new ArgumentException($"{name} needs a value, e.g. {name} {fallback}.");
}

int IntArgument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value
        : at >= 0 ? throw new ArgumentException($"{name} needs a whole number, e.g. {name} {fallback}.") : fallback;
}
