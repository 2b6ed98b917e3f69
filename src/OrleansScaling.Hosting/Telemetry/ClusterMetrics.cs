using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScaling.Contracts;

namespace OrleansScaling.Hosting.Telemetry;

/// <summary>
/// The cluster-wide gauges, read from the grains every ClusterPollSeconds: orleans_scaling_queue_length and
/// orleans_scaling_runs{status}. Every process that serves metrics reports the same cluster, so aggregate them with
/// max, not sum.
/// </summary>
internal sealed class ClusterMetrics : BackgroundService
{
    private readonly IGrainFactory _grains;
    private readonly MetricsOptions _options;
    private readonly ILogger<ClusterMetrics> _logger;
    private volatile Snapshot _latest = new(0, new Dictionary<RunStatus, int>());

    public ClusterMetrics(IGrainFactory grains, IMeterFactory meters, IOptions<MetricsOptions> options, ILogger<ClusterMetrics> logger)
    {
        (_grains, _options, _logger) = (grains, options.Value, logger);
        var meter = meters.Create(MetricNames.Meter);
        meter.CreateObservableGauge(MetricNames.QueueLength, () => _latest.QueueLength,
            description: "Runs waiting in the scheduler's queue (cluster-wide).");
        meter.CreateObservableGauge(MetricNames.Runs, () => Enum.GetValues<RunStatus>().Select(status =>
                new Measurement<int>(_latest.Runs.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString())))),
            description: "Runs of every experiment by status (cluster-wide).");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.ClusterPollSeconds));
        do
        {
            try
            {
                var cluster = await _grains.GetGrain<IClusterStatusGrain>(0).GetView();
                var runs = await ListRuns();
                _latest = new Snapshot(cluster.QueueLength, runs.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count()));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The cluster may still be starting, or a grain moving; the gauges keep their last values.
                _logger.LogDebug(e, "Could not read the cluster's queue and runs for the metrics");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Every experiment's runs: the same grain calls as ScalingClient.ListRuns() (this project cannot reference the client).</summary>
    private async Task<IReadOnlyList<RunView>> ListRuns()
    {
        var experiments = await _grains.GetGrain<IExperimentCatalogGrain>(0).List();
        var views = await Task.WhenAll(experiments.Select(e => _grains.GetGrain<IExperimentGrain>(e.ExperimentId).GetView()));
        return views.Where(v => v is not null).SelectMany(v => v!.Runs).ToList();
    }

    private sealed record Snapshot(int QueueLength, IReadOnlyDictionary<RunStatus, int> Runs);
}
