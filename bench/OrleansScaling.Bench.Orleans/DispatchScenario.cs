using System.Diagnostics;

namespace OrleansScaling.Bench.Orleans;

/// <summary>(b) Many short queued runs over every slot: runs per second and what the orchestration costs per run.</summary>
public static class DispatchScenario
{
    private const int RunsPerSweep = 100;

    public static async Task Run(BenchCluster cluster, int runs, int slots)
    {
        cluster.Trainer.StepDuration = TimeSpan.Zero;
        var busyBefore = cluster.Trainer.BusyTime;
        var started = Stopwatch.GetTimestamp();
        var experiments = new List<string>();
        for (var seed = 1; experiments.Count * RunsPerSweep < runs; seed += RunsPerSweep / 2)
            experiments.Add(await cluster.Client.LaunchSweep(BenchSweeps.Runs($"dispatch-{seed}", RunsPerSweep, iterations: 1, firstSeed: seed)));
        var submittedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await BenchSweeps.WaitForAll(cluster.Client, experiments, TimeSpan.FromMinutes(30));
        var wall = Stopwatch.GetElapsedTime(started);
        var total = experiments.Count * RunsPerSweep;
        var busy = cluster.Trainer.BusyTime - busyBefore;
        var overheadPerRun = (wall.TotalMilliseconds * slots - busy.TotalMilliseconds) / total;
        Console.WriteLine($"| (b) dispatch, {total:N0} one-step runs over {slots} slots | {total / wall.TotalSeconds:F1} runs/s " +
            $"({wall.TotalSeconds:F1} s; all queued after {submittedSeconds:F1} s); scheduler overhead {overheadPerRun:F0} ms of slot time per run |");
    }
}
