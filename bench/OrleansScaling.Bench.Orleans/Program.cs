using System.Diagnostics;
using OrleansScaling.Bench.Orleans;

// Orchestration benchmark (issue 4): the fast trainer stands in for the engine, silos run in this process on
// loopback with the local-mode file storage.
// Usage: bench-orleans [--scenarios abcd] [--dispatch-runs N] [--scale-seconds S]
//        bench-orleans --scenarios e [--scale-runs 50,100,200,500] [--scale-parts pgl] [--osc PATH] [--list-experiments 1000]
//   e (scale, issue 18 item 5): s = the pipeline's costly stages timed one by one; p = the pure AnalysisPipeline.Analyze on a synthetic IsoFLOP grid of N runs;
//   g = one experiment of N runs through the dashboard + co-hosted silo (grain analyses, GET, export via API and
//   `osc export` when --osc names the built osc, first render in /usr/bin/chromium); l = the experiments list with
//   --list-experiments experiments. One N at a time, each in a fresh dashboard.
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
if (scenarios.Contains('e'))
{
    var parts = StringArgument("--scale-parts", "pgl");
    var sizes = StringArgument("--scale-runs", "50,100,200,500").Split(',').Select(int.Parse).ToList();
    var osc = StringArgument("--osc", "");
    var browser = File.Exists("/usr/bin/chromium");
    Console.WriteLine($"# scale: load average at start {ScaleScenario.Load()}; chromium {(browser ? "yes" : "missing: no render figures")}");
    foreach (var n in sizes)
    {
        if (parts.Contains('p')) ScaleScenario.Pure(n);
        if (parts.Contains('s')) ScaleScenario.Profile(n);
        if (parts.Contains('g')) await ScaleScenario.Experiment(n, osc.Length > 0 ? osc : null, browser, listExperiments: 0);
    }
    if (parts.Contains('l')) await ScaleScenario.Experiment(0, null, browser, IntArgument("--list-experiments", 1000));
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
