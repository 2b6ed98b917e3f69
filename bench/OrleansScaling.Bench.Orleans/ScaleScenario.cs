using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansScaling.Client;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training;

namespace OrleansScaling.Bench.Orleans;

/// <summary>
/// Scale (issue 18 item 5): the dashboard as `dotnet run --project dashboard` starts it (co-hosted silo, local file
/// storage, 127.0.0.1), training with <see cref="ScaleTrainer"/>; one experiment of N finished runs of 100 points each.
/// Measures the analyses (pure call and through the grain), GET /api/experiments/{id}, `osc export --format csv`, the
/// experiment page's first render in headless chromium, and the experiments list with many experiments.
/// </summary>
public static class ScaleScenario
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3) is var l ? string.Join(" ", l) : "";

    /// <summary>The pure call on the synthetic IsoFLOP grid: whole pipeline, then the pipeline without the parametric fits.</summary>
    public static void Pure(int runs)
    {
        var grid = ScaleData.Grid(runs);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var analyses = AnalysisPipeline.Analyze(grid);
        var all = watch.Elapsed.TotalSeconds;
        var allCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        watch.Restart();
        AnalysisPipeline.Analyze(grid, AnalysisSettings.Default with { Fits = false });
        var noFits = watch.Elapsed.TotalSeconds;
        var json = JsonSerializer.Serialize(analyses).Length;
        Console.WriteLine($"| pure grid | {runs} | {all:F2} s ({allCpu:F1} CPU s) | without fits {noFits:F2} s | isoflop {analyses.IsoFlop?.Count ?? 0}, power laws {analyses.PowerLaws.Count}, speedups {analyses.Speedups.Count}, fit {(analyses.ComputeOptimal is null ? "none" : "yes")}, holdout {analyses.Holdout?.Rows?.Count ?? 0} rows, notes {analyses.Notes?.Count ?? 0}, JSON {json / 1024} KiB | load {Load()} |");
    }

    /// <summary>
    /// The pipeline's costly stages timed one by one with the public Science calls they make (default settings), on the
    /// same grid: wall and this process's CPU seconds (CPU time does not depend on what else runs on the machine).
    /// </summary>
    public static void Profile(int runs)
    {
        var grid = ScaleData.Grid(runs);
        var settings = AnalysisSettings.Default;
        var scaling = grid.Where(r => r.Spec.IsScalingPoint).OrderBy(r => ComputeBudgets.Flops(r.Observation())).ToList();
        var points = ComputeBudgets.Assign(scaling.Select(r => r.Observation())).ToList();
        var budgets = points.Select(p => p.Budget).Distinct().Order().ToList();
        var parts = new List<string>();
        void Time(string stage, Action work)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            work();
            parts.Add($"{stage} {watch.Elapsed.TotalSeconds:F2} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} CPU s)");
        }
        Time("power laws", () => Parallel.ForEach(grid, run =>
        {
            var fit = PowerLawAnalysis.Fit(run.Curve);
            CurveBootstrap.PowerLawSamples(run.Curve, fit.FromIteration, settings.Resamples, settings.Seed);
        }));
        Time("IsoFLOP bootstraps", () =>
        {
            foreach (var budget in points.GroupBy(p => p.Budget)) IsoFlopBootstrap.Run(budget.ToList(), settings.Resamples, settings.Seed);
        });
        ParametricLossFit? full = null;
        Time("parametric fit (4,500 starts)", () => full = ParametricFitAnalysis.Fit(points));
        Time("its bootstrap", () => ParametricFitBootstrap.Run(points, full!, settings.Resamples, settings.Seed));
        Time("held-out check (fit + bootstrap)", () => LossPredictor.CheckHeldOut(points, LossPredictor.HoldoutThreshold(budgets)!.Value, settings.Resamples, settings.Seed));
        Console.WriteLine($"| profile grid | {runs} | {string.Join("; ", parts)} | {points.Count} fit points | load {Load()} |");
    }

    public static async Task Experiment(int runs, string? osc, bool browser, int listExperiments)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("osc-bench-scale-").FullName;
        var ports = BenchCluster.TakeFreePorts(2);
        var clusterId = $"bench-scale-{Guid.NewGuid():N}";
        var trainer = new ScaleTrainer();
        var app = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Error",
            $"--OrleansScaling:DataDirectory={dataDirectory}",
            $"--OrleansScaling:ClusterId={clusterId}", $"--OrleansScaling:ServiceId={clusterId}",
            $"--OrleansScaling:SiloPort={ports[0]}", $"--OrleansScaling:GatewayPort={ports[1]}",
            "--OrleansScaling:Workers:CpuSlots=4", "--OrleansScaling:Workers:GpuSlots=0",
            "--OrleansScaling:MaxRunsPerSweep=100000",
        ], builder =>
        {
            builder.Services.AddSingleton<IRunTrainer>(trainer);
            builder.AddOrleansBackend();
        });
        await app.StartAsync();
        try
        {
            var baseUrl = app.Urls.Single().TrimEnd('/');
            var client = app.Services.GetRequiredService<IScalingClient>();
            if (runs > 0) await OneExperiment(runs, client, trainer, baseUrl, osc, ports[1], clusterId, browser);
            if (listExperiments > 0) await List(listExperiments, client, baseUrl, browser);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task OneExperiment(int runs, IScalingClient client, ScaleTrainer trainer, string baseUrl, string? osc, int gatewayPort, string clusterId, bool browser)
    {
        // A paper comparison without dropout: S and M(2) per size and seed (the sweep planner's one multi-size kind).
        var sizes = runs >= 200 ? 10 : 5;
        var seeds = runs / (2 * sizes);
        var request = new SweepRequest($"scale-{runs}", SweepKind.PaperComparison, DModels: [.. Enumerable.Range(1, sizes).Select(i => 16 * i)],
            Layers: 2, Context: 64, BatchSize: 8, Dropout: 0, EpochsList: [2], Seeds: [.. Enumerable.Range(1, seeds)], Iterations: 400);
        var id = await client.LaunchSweep(request);
        var launched = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        ExperimentView view;
        while (true)
        {
            view = (await client.GetExperiment(id))!;
            if (view.Runs.All(r => r.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled)) break;
            await Task.Delay(200);
        }
        var trained = launched.Elapsed;
        while (view.Analyses is not { FitsPending: false } analyses || analyses.Runs != view.Runs.Count(r => r.Status == RunStatus.Succeeded))
        {
            await Task.Delay(100);
            view = (await client.GetExperiment(id))!;
        }
        var grainSeconds = Stopwatch.GetElapsedTime(trainer.LastFinished).TotalSeconds;
        var processCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        Console.WriteLine($"| grain | {view.Runs.Count} runs ({view.Runs.Count(r => r.Status == RunStatus.Succeeded)} succeeded) | last run finished → analyses without FitsPending: {grainSeconds:F2} s | trained in {trained.TotalSeconds:F0} s; {processCpu:F0} CPU s in this process from launch to the fitted analyses; fit {(view.Analyses!.ComputeOptimal is null ? "none" : "yes")}, power laws {view.Analyses.PowerLaws.Count}, speedups {view.Analyses.Speedups.Count} | load {Load()} |");

        // The pure call on the same runs, as the grain builds them.
        var finished = new List<FinishedRun>();
        foreach (var run in view.Runs.Where(r => r.Status == RunStatus.Succeeded))
            finished.Add(new FinishedRun(run.RunId, run.Key, run.Spec, await client.GetCurve(run.RunId)) { Source = id });
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var pure = AnalysisPipeline.Analyze(finished);
        var pureSeconds = watch.Elapsed.TotalSeconds;
        // The grain's analyses are the pipeline's on the same runs: the same JSON but for when they were computed.
        var same = JsonSerializer.Serialize(pure) == JsonSerializer.Serialize(view.Analyses with { ComputedAt = default });
        Console.WriteLine($"| pure experiment | {finished.Count} | {pureSeconds:F2} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} CPU s) | same JSON as the grain's: {same} | load {Load()} |");

        // GET /api/experiments/{id}: the first call, then the median of 5.
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 6; i++)
        {
            watch.Restart();
            var body = await http.GetByteArrayAsync($"/api/experiments/{id}");
            times.Add(watch.Elapsed.TotalMilliseconds);
            bytes = body.Length;
        }
        Console.WriteLine($"| GET /api/experiments/{{id}} | {runs} | first {times[0]:F0} ms, median of next 5 {Median(times.Skip(1)):F0} ms | {bytes / 1024.0:F0} KiB | load {Load()} |");

        // The export API (the page's CSV link) and `osc export` as a user runs it.
        watch.Restart();
        var csv = await http.GetByteArrayAsync($"/api/experiments/{id}/export?format=csv");
        Console.WriteLine($"| GET /api/experiments/{{id}}/export?format=csv | {runs} | {watch.Elapsed.TotalMilliseconds:F0} ms | {csv.Length / 1024.0:F0} KiB | load {Load()} |");
        if (osc is not null)
        {
            var output = Directory.CreateTempSubdirectory("osc-bench-export-").FullName;
            var start = new ProcessStartInfo(osc, ["export", id, "--format", "csv", "--out", output]) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["OrleansScaling__Mode"] = "Local";
            start.Environment["OrleansScaling__ClusterId"] = clusterId;
            start.Environment["OrleansScaling__ServiceId"] = clusterId;
            start.Environment["OrleansScaling__GatewayPort"] = $"{gatewayPort}";
            watch.Restart();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var wall = watch.Elapsed.TotalSeconds;
            var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories);
            Console.WriteLine($"| osc export ID --format csv | {runs} | {wall:F2} s (exit {process.ExitCode}) | {files.Length} files, {files.Sum(f => new FileInfo(f).Length) / 1024.0:F0} KiB | load {Load()} |");
            if (process.ExitCode != 0) Console.Error.WriteLine(await stderr);
            Directory.Delete(output, recursive: true);
        }

        if (browser) await Render(baseUrl, $"/experiments/{id}", "table.powerlaws", $"experiment page, {runs} runs");
    }

    private static async Task List(int experiments, IScalingClient client, string baseUrl, bool browser)
    {
        var watch = Stopwatch.StartNew();
        var launches = Enumerable.Range(0, experiments).Chunk(8);
        foreach (var chunk in launches)
            await Task.WhenAll(chunk.Select(i => client.LaunchSweep(BenchSweeps.Runs($"list-{i:D4}", runs: 2, iterations: 10))));
        Console.Error.WriteLine($"  launched {experiments} experiments in {watch.Elapsed.TotalSeconds:F0} s");
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        watch.Restart();
        var all = await http.GetByteArrayAsync("/api/experiments");
        var allMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var page = await http.GetByteArrayAsync("/api/experiments?page=1&pageSize=50");
        Console.WriteLine($"| GET /api/experiments | {experiments} | all {allMs:F0} ms ({all.Length / 1024.0:F0} KiB); ?page=1&pageSize=50 {watch.Elapsed.TotalMilliseconds:F0} ms ({page.Length / 1024.0:F1} KiB) | | load {Load()} |");
        if (browser)
        {
            await Render(baseUrl, "/experiments", "table.experiments tbody tr", $"experiments list, {experiments} experiments, first page");
            var pages = (experiments + 49) / 50;
            await Render(baseUrl, $"/experiments?page={pages}", "table.experiments tbody tr", $"experiments list, {experiments} experiments, last page ({pages})");
        }
    }

    /// <summary>Navigation start to the selector visible in a fresh headless chromium page (a cold one, then the median of 3).</summary>
    private static async Task Render(string baseUrl, string path, string selector, string what)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
        var times = new List<double>();
        var interactive = new List<double>();
        var rows = 0;
        for (var i = 0; i < 4; i++)
        {
            var context = await chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1100 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(baseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
            await page.Locator(selector).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
            // performance.now() is measured from the navigation's start.
            times.Add(await page.EvaluateAsync<double>("performance.now()"));
            // The prerendered HTML shows the tables first; the circuit then renders the page again (its own fetch).
            await page.Locator($"main[data-interactive=true] {selector}").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
            interactive.Add(await page.EvaluateAsync<double>("performance.now()"));
            rows = await page.Locator("tr").CountAsync();
            await context.CloseAsync();
        }
        Console.WriteLine($"| first render: {what} | tables visible: cold {times[0]:F0} ms, median of next 3 {Median(times.Skip(1)):F0} ms; interactive with tables: cold {interactive[0]:F0} ms, median {Median(interactive.Skip(1)):F0} ms | {rows} table rows in the DOM | load {Load()} |");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
