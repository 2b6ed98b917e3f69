using OrleansScaling.Client;
using OrleansScaling.Contracts;

namespace OrleansScaling.Dashboard.Live;

/// <summary>A run page's live state: the run's snapshot and its curve.</summary>
public sealed class RunFeed(
    IScalingClient client, string runId, TimeSpan catchUpEvery, Func<Func<Task>, Task> dispatch, Func<Exception, Task> fail, ILogger logger)
    : LiveFeed(catchUpEvery, dispatch, fail, logger)
{
    public RunView? View { get; private set; }
    public bool Missing { get; private set; }
    public CurveStore Curves { get; } = new();

    protected override Task<IAsyncDisposable> SubscribeAsync() => client.SubscribeRun(runId, update => Pushed(() =>
    {
        View = update.View;
        Curves.Merge(runId, update.NewPoints);
        return Task.CompletedTask;
    }));

    protected override async Task LoadSnapshotAsync()
    {
        View = await client.GetRun(runId);
        Missing = View is null;
        if (View is not null) Curves.Merge(runId, await client.GetCurve(runId, Curves.NextIteration(runId)));
    }
}
