using OrleansScaling.Contracts;

namespace OrleansScaling.Client;

public sealed partial class ScalingClient
{
    public async Task<IAsyncDisposable> SubscribeRun(string runId, Func<RunUpdate, Task> onUpdate)
    {
        var grain = grains.GetGrain<ITrainingRunGrain>(runId);
        var observer = new RunObserver(onUpdate);
        var reference = grains.CreateObjectReference<IRunObserver>(observer);
        await grain.Subscribe(reference);
        return new Subscription(async () =>
        {
            await grain.Unsubscribe(reference);
            grains.DeleteObjectReference<IRunObserver>(reference);
        }, observer);
    }

    public async Task<IAsyncDisposable> SubscribeExperiment(string experimentId, Func<ExperimentUpdate, Task> onUpdate)
    {
        var grain = grains.GetGrain<IExperimentGrain>(experimentId);
        var observer = new ExperimentObserver(onUpdate);
        var reference = grains.CreateObjectReference<IExperimentObserver>(observer);
        await grain.Subscribe(reference);
        return new Subscription(async () =>
        {
            await grain.Unsubscribe(reference);
            grains.DeleteObjectReference<IExperimentObserver>(reference);
        }, observer);
    }

    private sealed class RunObserver(Func<RunUpdate, Task> onUpdate) : IRunObserver
    {
        public Task OnRunUpdate(RunUpdate update) => onUpdate(update);
    }

    private sealed class ExperimentObserver(Func<ExperimentUpdate, Task> onUpdate) : IExperimentObserver
    {
        public Task OnExperimentUpdate(ExperimentUpdate update) => onUpdate(update);
    }

    /// <summary>Unsubscribes once; holds the observer so it is not collected while subscribed.</summary>
    private sealed class Subscription(Func<Task> unsubscribe, object observer) : IAsyncDisposable
    {
        private int _disposed;
        public object Observer { get; } = observer;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) await unsubscribe();
        }
    }
}
