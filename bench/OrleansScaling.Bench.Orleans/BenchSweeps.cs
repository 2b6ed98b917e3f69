using OrleansScaling.Client;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Bench.Orleans;

/// <summary>Sweeps sized for the benchmark, submitted through the real path (catalog → planner → experiment → runs → scheduler).</summary>
public static class BenchSweeps
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RunCheckEvery = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan SettleGrace = TimeSpan.FromSeconds(5);

    /// <summary>Experiments whose summary still said Running after all their runs had finished (see docs/benchmarks.md).</summary>
    public static int LaggingSummaries { get; private set; }

    /// <summary>Of those, the ones whose summary still said Running <see cref="SettleGrace"/> later.</summary>
    public static int StaleSummaries { get; private set; }

    /// <summary>
    /// A paper comparison without dropout plans S and M(2) per seed: 2 runs per seed of a tiny shape the fast
    /// trainer never builds; <paramref name="iterations"/> steps and up to 40 evaluation points each.
    /// </summary>
    public static SweepRequest Runs(string name, int runs, int iterations, int firstSeed = 1) => new(
        name, SweepKind.PaperComparison, DModels: [16], Layers: 1, Context: 8, BatchSize: 1, Dropout: 0,
        EpochsList: [2], Seeds: Enumerable.Range(firstSeed, runs / 2).ToList(), Iterations: iterations);

    /// <summary>
    /// Waits until every run of the listed experiments has finished: by the catalog's summaries (polled; no "all done"
    /// event exists), and once a second by asking the run grains themselves of experiments whose summary says Running,
    /// because an experiment's summary can lag behind its runs.
    /// </summary>
    public static async Task WaitForAll(IScalingClient client, IReadOnlyCollection<string> experimentIds, TimeSpan deadline)
    {
        var giveUp = DateTime.UtcNow + deadline;
        var nextProgress = DateTime.UtcNow + ProgressEvery;
        var nextRunCheck = DateTime.UtcNow + RunCheckEvery;
        var doneByRuns = new HashSet<string>();
        while (true)
        {
            var ours = (await client.ListExperiments()).Where(s => experimentIds.Contains(s.ExperimentId)).ToList();
            var running = ours.Where(s => s.Status == ExperimentStatus.Running && !doneByRuns.Contains(s.ExperimentId)).ToList();
            if (ours.Count == experimentIds.Count && running.Count == 0)
            {
                if (doneByRuns.Count > 0) await CountStaleSummaries(client, doneByRuns);
                return;
            }
            if (DateTime.UtcNow > nextRunCheck)
            {
                foreach (var experiment in running.Where(s => s.RunsFinished > 0))
                    if (await AllRunsFinished(client, experiment.ExperimentId))
                    {
                        doneByRuns.Add(experiment.ExperimentId);
                        LaggingSummaries++;
                    }
                nextRunCheck = DateTime.UtcNow + RunCheckEvery;
            }
            if (DateTime.UtcNow > nextProgress)
            {
                Console.Error.WriteLine($"  {ours.Sum(s => s.RunsFinished):N0} of {ours.Sum(s => s.Runs):N0} runs finished");
                nextProgress = DateTime.UtcNow + ProgressEvery;
            }
            if (DateTime.UtcNow > giveUp)
                throw new TimeoutException($"{ours.Sum(s => s.RunsFinished)} of {ours.Sum(s => s.Runs)} runs finished within {deadline}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Outside the timed part: gives lagging summaries a grace period to settle and counts those that do not.</summary>
    private static async Task CountStaleSummaries(IScalingClient client, IReadOnlySet<string> lagging)
    {
        var giveUp = DateTime.UtcNow + SettleGrace;
        List<ExperimentSummary> stale;
        do
        {
            stale = (await client.ListExperiments()).Where(s => lagging.Contains(s.ExperimentId) && s.Status == ExperimentStatus.Running).ToList();
            if (stale.Count > 0) await Task.Delay(100);
        } while (stale.Count > 0 && DateTime.UtcNow < giveUp);
        StaleSummaries += stale.Count;
    }

    private static async Task<bool> AllRunsFinished(IScalingClient client, string experimentId)
    {
        foreach (var snapshot in await client.ListRuns(experimentId))
            if (snapshot.Status is RunStatus.Queued or RunStatus.Running && (await client.GetRun(snapshot.RunId))?.Status is RunStatus.Queued or RunStatus.Running)
                return false;
        return true;
    }
}
