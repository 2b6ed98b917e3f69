using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansScaling.Hosting.Telemetry;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Telemetry;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;
using OrleansScaling.TestSupport;

namespace OrleansScaling.Grains.Tests;

/// <summary>A local silo host as silo/Program.cs builds it (metrics port set, the default log levels), with a real engine.</summary>
public sealed partial class TelemetryTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"osc-telemetry-{Guid.NewGuid():N}");
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task Metrics_show_the_training_slot_busy_with_tokens_per_second_and_logs_show_the_run_lifecycle_but_not_polly()
    {
        var ports = FreePorts.Take(3);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OrleansScaling:DataDirectory"] = _data,
            ["OrleansScaling:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["OrleansScaling:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["OrleansScaling:ClusterId"] = $"telemetry-{Guid.NewGuid():N}",
            ["OrleansScaling:Workers:PollSeconds"] = "0.1",
            ["OrleansScaling:Workers:ReportSeconds"] = "0.2",
            ["OrleansScaling:Metrics:Port"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["OrleansScaling:Metrics:ClusterPollSeconds"] = "0.5",
        });
        builder.AddOrleansScalingLogging();
        builder.Logging.AddProvider(_logs);
        builder.UseOrleans(silo => silo.AddOrleansScalingSilo(builder.Configuration));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            // The default levels: Polly's and Orleans' Information lines are hidden, the run lifecycle is shown.
            var loggers = host.Services.GetRequiredService<ILoggerFactory>();
            Assert.False(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Information));
            Assert.False(loggers.CreateLogger("Orleans.Runtime.Placement").IsEnabled(LogLevel.Information));
            Assert.True(loggers.CreateLogger(RunLifecycleLog.Category).IsEnabled(LogLevel.Information));

            // A real tiny TorchSharp run, long enough to be scraped while it trains.
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            // M(100): long, on a small corpus.
            var spec = new RunSpec(new ModelShape(32, 1, 2, 16, 256), BatchSize: 4, Iterations: 100_000, Epochs: 100, Corpus: WriteCorpus(),
                Seed: TestRuns.NewSeed(), LearningRate: 3e-3, WarmupIterations: 5, Evaluations: 4, EvalBatches: 1, CheckpointEvery: 50_000);
            var (_, runIds) = await TestRuns.Create(grains, DeviceRequirement.Cpu, spec);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[2]}/") };
            string scrape = "";
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(40)))
            {
                while (!(Value(scrape, "orleans_scaling_slots", "state=\"busy\"") >= 1 &&
                         Value(scrape, "orleans_scaling_slot_tokens_per_second", "slot=\"cpu0\"") > 0))
                {
                    if (deadline.IsCancellationRequested) Assert.Fail($"no busy slot with tokens/s > 0 within {Deadline}; last scrape:\n{scrape}");
                    await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                    scrape = await http.GetStringAsync("metrics", CancellationToken.None);
                }
            }
            Assert.Equal(0, Value(scrape, "orleans_scaling_slots", "state=\"idle\""));
            Assert.True(Value(scrape, "orleans_scaling_slot_step_seconds", "slot=\"cpu0\"") > 0, scrape);
            Assert.Contains("orleans_scaling_queue_length", scrape);
            Assert.Contains("orleans_scaling_runs{", scrape);
            Assert.Matches(@"(?m)^dotnet_gc_", scrape); // .NET runtime meters
            Assert.Matches(@"(?m)^orleans_(?!scaling_)\w+", scrape); // Orleans' own meter
            Assert.DoesNotContain(runIds[0], scrape);    // bounded labels: never a run id
            Assert.DoesNotContain("attempts_total{otel_scope_name=\"OrleansScaling\",reason=\"failed\"}", scrape);

            await grains.GetGrain<ITrainingRunGrain>(runIds[0]).Cancel();
            await TestRuns.WaitFor(grains, runIds[0], v => v.Status == RunStatus.Cancelled, "cancelled");
            using var settled = new CancellationTokenSource(Deadline);
            while (!_logs.Lines.Any(l => l.Contains($"Run {runIds[0]}: attempt dropped", StringComparison.Ordinal)))
                await Task.Delay(TimeSpan.FromMilliseconds(100), settled.Token);

            var runLines = _logs.Lines.Where(l => l.StartsWith(RunLifecycleLog.Category, StringComparison.Ordinal)).ToList();
            Assert.Contains(runLines, l => l.Contains($"Run {runIds[0]}: queued", StringComparison.Ordinal));
            Assert.Contains(runLines, l => l.Contains($"Run {runIds[0]}: leased by", StringComparison.Ordinal));
            Assert.DoesNotContain(_logs.Lines, l => l.StartsWith("Polly", StringComparison.Ordinal) && l.Contains("Information", StringComparison.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("many")]
    public void A_bad_metrics_port_is_a_refused_setting_naming_it(string port)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OrleansScaling:Metrics:Port"] = port,
        }).Build();
        var error = Assert.Throws<OrleansScaling.Hosting.InvalidSettingException>(() =>
            new ServiceCollection().AddOrleansScalingMetrics(configuration));
        Assert.Contains("OrleansScaling:Metrics:Port", error.Message);
    }

    /// <summary>The value of the first series of <paramref name="name"/> whose labels contain <paramref name="label"/>; NaN if none.</summary>
    private static double Value(string scrape, string name, string label)
    {
        foreach (Match m in SeriesLine().Matches(scrape))
            if (m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
                return double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        return double.NaN;
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>[-+0-9.eE]+|NaN)")]
    private static partial Regex SeriesLine();

    private string WriteCorpus()
    {
        var corpus = Path.Combine(_data, "corpus");
        Directory.CreateDirectory(corpus);
        string[] words = ["the", "cat", "sat", "on", "a", "mat", "while", "dogs", "ran", "past", "quickly", "home"];
        File.WriteAllLines(Path.Combine(corpus, "corpus.txt"), Enumerable.Range(0, 3000).Select(i =>
            $"sentence {i}: " + string.Join(' ', Enumerable.Range(0, 8).Select(k => words[(i * 7 + k * k + i / 3) % words.Length])) + "."));
        return corpus;
    }

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    /// <summary>Every line that passes the configured filters, as "category level message".</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, Lines);
        public void Dispose() { }

        private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel} {formatter(state, exception)}");
        }
    }
}
