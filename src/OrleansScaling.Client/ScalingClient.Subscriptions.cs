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

    /// <summary>
    /// Delivers updates one at a time. Pushes are one-way messages, which Orleans does not order, so it delivers each
    /// point once (even if it arrives late) and never a snapshot older than one already delivered.
    /// </summary>
    private sealed class RunObserver(Func<RunUpdate, Task> onUpdate) : IRunObserver
    {
        private readonly SemaphoreSlim _delivering = new(1, 1);
        private readonly HashSet<long> _delivered = [];
        private RunView? _newest;

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
        /// Subscribes again, then delivers the points recorded but not delivered (while the grain, after a failover,
        /// had no subscribers). Pushes that arrive meanwhile wait for the catch-up.
        /// </summary>
        public async Task Resubscribe(ITrainingRunGrain grain, IRunObserver reference)
        {
            await _delivering.WaitAsync();
            try
            {
                await grain.Subscribe(reference);
                // The view before the curve: it must not announce more (e.g. Succeeded) than the points delivered with it.
                var view = await grain.GetView();
                var curve = await grain.GetCurve();
                if (view is not null && curve.Any(p => !_delivered.Contains(p.Iteration))) await Deliver(new RunUpdate(view.RunId, curve, view));
            }
            finally
            {
                _delivering.Release();
            }
        }

        private Task Deliver(RunUpdate update)
        {
            var fresh = update.NewPoints.Where(p => _delivered.Add(p.Iteration)).ToList();
            if (_newest is not null && update.View.IsOlderThan(_newest)) update = update with { View = _newest };
            _newest = update.View;
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
