using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansScaling.Bench.Orleans;

/// <summary>(a) Submission to a run's first step on an idle cluster, one sweep at a time.</summary>
public static class LatencyScenario
{
    public static async Task Run(BenchCluster cluster, int submissions)
    {
        cluster.Trainer.StepDuration = TimeSpan.Zero;
        var firstSteps = new ConcurrentDictionary<int, TaskCompletionSource<long>>();
        cluster.Trainer.FirstStep += spec =>
            firstSteps.GetOrAdd(spec.Seed, _ => new()).TrySetResult(Stopwatch.GetTimestamp());
        var latencies = new List<double>();
        for (var i = 0; i < submissions; i++)
        {
            var seed = 10_000 + 2 * i;
            var submitted = Stopwatch.GetTimestamp();
            var experiment = await cluster.Client.LaunchSweep(BenchSweeps.Runs($"latency-{i}", runs: 2, iterations: 1, firstSeed: seed));
            var stepped = await firstSteps.GetOrAdd(seed, _ => new()).Task.WaitAsync(TimeSpan.FromSeconds(30));
            latencies.Add(Stopwatch.GetElapsedTime(submitted, stepped).TotalMilliseconds);
            // Idle again before the next submission.
            await BenchSweeps.WaitForAll(cluster.Client, [experiment], TimeSpan.FromSeconds(30));
        }
        Console.WriteLine($"| (a) submission → first step, {submissions} sweeps one at a time | median {Stats.Quantile(latencies, 0.5):F0} ms, " +
            $"p95 {Stats.Quantile(latencies, 0.95):F0} ms, max {latencies.Max():F0} ms |");
    }
}
