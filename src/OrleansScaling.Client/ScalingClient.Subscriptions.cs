using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansScaling.Contracts;

namespace OrleansScaling.Client;

// Subscriptions live in the grain's memory. When the grain's silo dies, the grain comes back elsewhere without
// them, so every subscription renews itself periodically; a run subscription also fetches the points recorded
// while it was not subscribed, so the subscriber misses none.
public sealed partial class ScalingClient
{
    public async Task<IAsyncDisposable> SubscribeRun(string runId, Func<RunUpdate, Task> onUpdate)
    {
        var grain = grains.GetGrain<ITrainingRunGrain>(runId);
        var observer = new RunObserver(onUpdate);
        var reference = grains.CreateObjectReference<IRunObserver>(observer);
        await grain.Subscribe(reference);
        return new Subscription(SubscriptionRenewal, logger ?? NullLogger.Instance, $"run {runId}",
            renew: () => observer.Resubscribe(grain, reference),
            unsubscribe: async () =>
            {
                await grain.Unsubscribe(reference);
                grains.DeleteObjectReference<IRunObserver>(reference);
            },
            observer);
    }

    public async Task<IAsyncDisposable> SubscribeExperiment(string experimentId, Func<ExperimentUpdate, Task> onUpdate)
    {
        var grain = grains.GetGrain<IExperimentGrain>(experimentId);
        var observer = new ExperimentObserver(onUpdate);
        var reference = grains.CreateObjectReference<IExperimentObserver>(observer);
        await grain.Subscribe(reference);
        return new Subscription(SubscriptionRenewal, logger ?? NullLogger.Instance, $"experiment {experimentId}",
            renew: () => grain.Subscribe(reference),
            unsubscribe: async () =>
            {
                await grain.Unsubscribe(reference);
                grains.DeleteObjectReference<IExperimentObserver>(reference);
            },
            observer);
    }

    /// <summary>Delivers updates one at a time and remembers the last iteration delivered, to fill gaps after a failover.</summary>
    private sealed class RunObserver(Func<RunUpdate, Task> onUpdate) : IRunObserver
    {
        private readonly SemaphoreSlim _delivering = new(1, 1);
        private long _lastIteration = -1;

        public async Task OnRunUpdate(RunUpdate update)
        {
            await _delivering.WaitAsync();
            try
            {
                await Deliver(update);
            }
            finally
            {
                _delivering.Release();
            }
        }

        /// <summary>
        /// Subscribes again, then delivers the points recorded since the last one delivered. Pushes that arrive
        /// meanwhile wait for the catch-up, so points reach the subscriber in order and none twice.
        /// </summary>
        public async Task Resubscribe(ITrainingRunGrain grain, IRunObserver reference)
        {
            await _delivering.WaitAsync();
            try
            {
                await grain.Subscribe(reference);
                // The view before the curve: it must not announce more (e.g. Succeeded) than the points delivered with it.
                var view = await grain.GetView();
                var missed = await grain.GetCurve(_lastIteration + 1);
                if (view is not null && missed.Count > 0) await Deliver(new RunUpdate(view.RunId, missed, view));
            }
            finally
            {
                _delivering.Release();
            }
        }

        private Task Deliver(RunUpdate update)
        {
            var fresh = update.NewPoints.Where(p => p.Iteration > _lastIteration).ToList();
            if (fresh.Count > 0) _lastIteration = fresh[^1].Iteration;
            return onUpdate(fresh.Count == update.NewPoints.Count ? update : update with { NewPoints = fresh });
        }
    }

    private sealed class ExperimentObserver(Func<ExperimentUpdate, Task> onUpdate) : IExperimentObserver
    {
        public Task OnExperimentUpdate(ExperimentUpdate update) => onUpdate(update);
    }

    /// <summary>Renews every period until disposed, then unsubscribes once; holds the observer so it is not collected.</summary>
    private sealed class Subscription : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<Task> _unsubscribe;
        private readonly Task _renewing;
        private int _disposed;

        public Subscription(TimeSpan period, ILogger logger, string what, Func<Task> renew, Func<Task> unsubscribe, object observer)
        {
            _unsubscribe = unsubscribe;
            Observer = observer;
            _renewing = Renew(period, logger, what, renew, _stop.Token);
        }

        public object Observer { get; }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            await _unsubscribe();
        }

        private static async Task Renew(TimeSpan period, ILogger logger, string what, Func<Task> renew, CancellationToken stop)
        {
            using var timer = new PeriodicTimer(period);
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    try
                    {
                        await renew();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning(e, "Could not renew the subscription to {What}; trying again in {Period}", what, period);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Disposed: the subscription ends here.
            }
        }
    }
}
