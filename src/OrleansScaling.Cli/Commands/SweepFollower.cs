using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Client;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Commands;

/// <summary>
/// `osc sweep launch --wait`: follows an experiment to its end through its update subscription, writing one progress
/// line per run change (at most one per run per second, every status change) to stderr.
/// </summary>
internal sealed class SweepFollower(IScalingClient client, TextWriter progress, TimeSpan resyncEvery)
{
    private readonly Dictionary<string, (RunStatus Status, long Iteration, DateTimeOffset ShownAt)> _shown = new();
    private readonly Lock _gate = new();

    public async Task<ExperimentSummary> Follow(string experimentId, CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource<ExperimentSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Subscribe before reading the snapshot, so no update falls between the two.
        await using var subscription = await client.SubscribeExperiment(experimentId, update =>
        {
            if (update.Run is { } run) Show(update.Summary, run.View);
            if (IsOver(update.Summary.Status)) finished.TrySetResult(update.Summary);
            return Task.CompletedTask;
        });
        while (!finished.Task.IsCompleted)
        {
            var view = await client.GetExperiment(experimentId) ?? throw ExperimentsCommand.NotFound(experimentId);
            foreach (var run in view.Runs) Show(view.Summary, run);
            if (IsOver(view.Summary.Status)) finished.TrySetResult(view.Summary);
            // Observer messages are one-way: one lost in a gateway reconnect must not leave us waiting forever,
            // so the snapshot is read again every resyncEvery unless the subscription reports the end first.
            await Task.WhenAny(finished.Task, Task.Delay(resyncEvery, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
        var summary = await finished.Task;
        await progress.WriteLineAsync($"experiment {summary.ExperimentId} {Units.Name(summary.Status)}: {summary.RunsFinished}/{summary.Runs} runs done.");
        return summary;
    }

    private static bool IsOver(ExperimentStatus status) => status is not ExperimentStatus.Running;

    private void Show(ExperimentSummary summary, RunView run)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            if (_shown.TryGetValue(run.RunId, out var last) && last.Status == run.Status
                && (last.Iteration == run.Progress.Iteration || now - last.ShownAt < TimeSpan.FromSeconds(1))) return;
            _shown[run.RunId] = (run.Status, run.Progress.Iteration, now);
            if (run.StopReason is { } stop)
            {
                progress.WriteLine($"[{summary.RunsFinished}/{summary.Runs} runs done] {run.Key}: {stop}");
                return;
            }
            progress.WriteLine($"[{summary.RunsFinished}/{summary.Runs} runs done] {run.Key}: {Units.Name(run.Status)}, " +
                               $"iteration {run.Progress.Iteration}/{run.Spec.Iterations} ({Units.Percent(run.Fraction)}), " +
                               $"test loss {Units.Loss(run.Progress.LastTestLoss)}, {Units.Speed(run.Progress.TokensPerSecond)}");
        }
    }
}
