using System.Diagnostics;

namespace OrleansScaling.Bench.Orleans;

/// <summary>(c) A fixed batch of fixed-length runs on 1, 2 and 4 silos, against the ideal ceil(runs / slots) × run length.</summary>
public static class ScaleOutScenario
{
    public static async Task Run(int[] siloCounts, int slotsPerSilo, int runs, TimeSpan runLength)
    {
        const int iterations = 40;
        foreach (var silos in siloCounts)
        {
            var trainer = new FastTrainer { StepDuration = runLength / iterations };
            await using var cluster = await BenchCluster.StartAsync(silos, slotsPerSilo, trainer);
            var started = Stopwatch.GetTimestamp();
            var experiment = await cluster.Client.LaunchSweep(BenchSweeps.Runs($"scale-{silos}", runs, iterations));
            await BenchSweeps.WaitForAll(cluster.Client, [experiment], TimeSpan.FromMinutes(10));
            var actual = Stopwatch.GetElapsedTime(started);
            var ideal = Math.Ceiling(runs / (double)(silos * slotsPerSilo)) * runLength.TotalSeconds;
            Console.WriteLine($"| (c) scale-out, {runs} runs of {runLength.TotalSeconds:F0} s on {silos} silo(s) × {slotsPerSilo} slots | " +
                $"{actual.TotalSeconds:F1} s vs ideal {ideal:F0} s: efficiency {100 * ideal / actual.TotalSeconds:F0}% |");
        }
    }
}
