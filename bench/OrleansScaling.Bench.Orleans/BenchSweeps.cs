using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Bench.Orleans;

/// <summary>Sweeps sized for the benchmark, submitted through the real path (catalog → planner → experiment → runs → scheduler).</summary>
public static class BenchSweeps
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A paper comparison without dropout plans S and M(2) per seed: 2 runs per seed of a tiny shape the fast
    /// trainer never builds; <paramref name="iterations"/> steps and up to 40 evaluation points each.
    /// </summary>
    public static SweepRequest Runs(string name, int runs, int iterations, int firstSeed = 1) => new(
        name, SweepKind.PaperComparison, DModels: [16], Layers: 1, Context: 8, BatchSize: 1, Dropout: 0,
        EpochsList: [2], Seeds: Enumerable.Range(firstSeed, runs / 2).ToList(), Iterations: iterations);

    /// <summary>Waits until every listed experiment has finished all its runs, polling the catalog (no "all done" event exists).</summary>
    public static async Task WaitForAll(OrleansScaling.Client.IScalingClient client, IReadOnlyCollection<string> experimentIds, TimeSpan deadline)
    {
        var giveUp = DateTime.UtcNow + deadline;
        var nextProgress = DateTime.UtcNow + ProgressEvery;
        while (true)
        {
            var summaries = await client.ListExperiments();
            var ours = summaries.Where(s => experimentIds.Contains(s.ExperimentId)).ToList();
            if (ours.Count == experimentIds.Count && ours.All(s => s.Status != ExperimentStatus.Running)) return;
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
}
