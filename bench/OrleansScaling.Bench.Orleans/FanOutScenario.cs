using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansScaling.Client;
using OrleansScaling.Hosting;
using OrleansScaling.Contracts;

namespace OrleansScaling.Bench.Orleans;

/// <summary>(d) Subscribers, each its own Orleans client, following live runs: latency from a point's recording to its delivery.</summary>
public static class FanOutScenario
{
    public static async Task Run(BenchCluster cluster, ScalingOptions clientOptions, int subscribers, int runs, TimeSpan runLength)
    {
        const int iterations = 400;
        cluster.Trainer.StepDuration = runLength / iterations;
        var latencies = new ConcurrentBag<double>();
        var connections = new List<ScalingConnection>();
        var subscriptions = new List<IAsyncDisposable>();
        for (var i = 0; i < subscribers; i++) connections.Add(await ScalingClientConnector.ConnectAsync(clientOptions));

        var experiment = await cluster.Client.LaunchSweep(BenchSweeps.Runs("fan-out", runs, iterations, firstSeed: 50_000));
        var view = await cluster.Client.GetExperiment(experiment) ?? throw new InvalidOperationException($"{experiment} vanished");
        foreach (var connection in connections)
        foreach (var run in view.Runs)
            subscriptions.Add(await connection.Client.SubscribeRun(run.RunId, update => Record(cluster.Trainer, update, latencies)));
        await BenchSweeps.WaitForAll(cluster.Client, [experiment], TimeSpan.FromMinutes(5));

        foreach (var subscription in subscriptions) await subscription.DisposeAsync();
        foreach (var connection in connections) await connection.DisposeAsync();
        var delivered = latencies.ToList();
        var expected = subscribers * runs * Math.Min(40, iterations);
        Console.WriteLine($"| (d) fan-out, {subscribers} subscribers × {runs} live runs ({expected:N0} point deliveries expected, {delivered.Count:N0} timed) | " +
            $"p50 {Stats.Quantile(delivered, 0.5):F0} ms, p99 {Stats.Quantile(delivered, 0.99):F0} ms, max {delivered.DefaultIfEmpty().Max():F0} ms |");
    }

    private static Task Record(FastTrainer trainer, RunUpdate update, ConcurrentBag<double> latencies)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var point in update.NewPoints)
            if (trainer.RecordedAt(FastTrainer.PointKey(update.View.Spec, point.Iteration)) is { } recorded)
                latencies.Add(Stopwatch.GetElapsedTime(recorded, now).TotalMilliseconds);
        return Task.CompletedTask;
    }
}
