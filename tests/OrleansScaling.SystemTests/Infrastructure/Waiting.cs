using OrleansScaling.Client;
using OrleansScaling.Contracts;

namespace OrleansScaling.SystemTests.Infrastructure;

/// <summary>Waits on the cluster's state where no event survives a failover on the test's side; polls with a deadline.</summary>
public static class Waiting
{
    public static async Task<RunView> ForRun(IScalingClient client, string runId, Func<RunView, bool> condition, string what, TimeSpan deadline)
    {
        var giveUp = DateTime.UtcNow + deadline;
        RunView? view = null;
        while (DateTime.UtcNow < giveUp)
        {
            try
            {
                view = await client.GetRun(runId);
                if (view is not null && condition(view)) return view;
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                // The grain's silo just died: the call times out and the next one reactivates the grain elsewhere.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Run {runId} did not reach '{what}' within {deadline.TotalSeconds} s; last: {view?.Status} at " +
            $"iteration {view?.Progress.Iteration}; attempts: {string.Join(" | ", view?.Attempts.Select(a => $"{a.Number}@{a.Silo}: {a.EndReason}") ?? [])}");
    }

    public static async Task<ExperimentView> ForExperimentDone(IScalingClient client, string experimentId, TimeSpan deadline)
    {
        var giveUp = DateTime.UtcNow + deadline;
        ExperimentView? view = null;
        while (true)
        {
            try
            {
                view = await client.GetExperiment(experimentId);
                if (view is not null && view.Summary.Status != ExperimentStatus.Running) return view;
            }
            catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                // The experiment grain's silo just died: the next call reactivates it elsewhere.
            }
            if (DateTime.UtcNow > giveUp)
                throw new TimeoutException($"Experiment {experimentId} still running after {deadline.TotalSeconds} s: " +
                    string.Join(", ", view?.Runs.Select(r => $"{r.Key}={r.Status}@{r.Progress.Iteration}") ?? []));
            await Task.Delay(250);
        }
    }
}
