using OrleansScaling.Client;
using OrleansScaling.Contracts;

namespace OrleansScaling.Dashboard.Live;

/// <summary>An experiment page's live state: the view, each run's latest snapshot, and every run's curve.</summary>
public sealed class ExperimentFeed(
    IScalingClient client, string experimentId, TimeSpan catchUpEvery, Func<Func<Task>, Task> dispatch, Func<Exception, Task> fail, ILogger logger)
    : LiveFeed(catchUpEvery, dispatch, fail, logger)
{
    private readonly Dictionary<string, RunView> _runs = [];

    public ExperimentView? View { get; private set; }
    public bool Missing { get; private set; }
    public CurveStore Curves { get; } = new();

    /// <summary>Runs in plan order, each at its newest known state.</summary>
    public IReadOnlyList<RunView> Runs => View is null ? [] : View.Runs.Select(r => _runs.GetValueOrDefault(r.RunId, r)).ToList();

    protected override Task<IAsyncDisposable> SubscribeAsync() => client.SubscribeExperiment(experimentId, update => Pushed(() => Apply(update)));

    protected override async Task LoadSnapshotAsync()
    {
        View = await client.GetExperiment(experimentId);
        Missing = View is null;
        if (View is null) return;
        foreach (var run in View.Runs) _runs[run.RunId] = run;
        var curves = await Task.WhenAll(View.Runs.Select(run => client.GetCurve(run.RunId, Curves.NextIteration(run.RunId))));
        for (int i = 0; i < curves.Length; i++) Curves.Merge(View.Runs[i].RunId, curves[i]);
    }

    private async Task Apply(ExperimentUpdate update)
    {
        if (View is null) return;
        var finishedBefore = View.Summary.RunsFinished;
        View = View with { Summary = update.Summary };
        if (update.Run is { } run)
        {
            _runs[run.RunId] = run.View;
            Curves.Merge(run.RunId, run.NewPoints);
        }
        // Analyses are recomputed when a run finishes, and once more when the fits that follow the last one are done
        // (an update without a run); fetch them then rather than on every point.
        if ((update.Run is null || update.Summary.RunsFinished != finishedBefore) && await client.GetExperiment(experimentId) is { } fresh)
            View = fresh;
    }
}
