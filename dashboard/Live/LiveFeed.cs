namespace OrleansScaling.Dashboard.Live;

/// <summary>
/// Follows one grain's pushed updates for a page: subscribe first, then read the snapshot, so no point falls
/// between them (updates are idempotent by iteration). The client renews the subscription itself after a silo
/// failover; every <c>catchUpEvery</c> the page also re-reads the snapshot from its last known iteration, which
/// fills whatever was pushed while the grain had no subscriber. All state changes run through <c>dispatch</c>
/// (the component's InvokeAsync), so they never race the renderer. Failures talking to the cluster show as
/// <see cref="Problem"/> until the next catch-up succeeds; any other failure of a pushed update is a bug and
/// goes to <c>fail</c> (the component's DispatchExceptionAsync).
/// </summary>
public abstract class LiveFeed(
    TimeSpan catchUpEvery, Func<Func<Task>, Task> dispatch, Func<Exception, Task> fail, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private IAsyncDisposable? _subscription;
    private Task? _loop;

    /// <summary>Set while the cluster cannot be reached; shown on the page.</summary>
    public string? Problem { get; private set; }

    /// <summary>Raised (on the dispatcher) after every change the page should render.</summary>
    public event Func<Task>? Changed;

    public async Task StartAsync()
    {
        _subscription = await SubscribeAsync();
        await dispatch(LoadSnapshotAsync);
        _loop = FollowAsync(_stop.Token);
    }

    protected abstract Task<IAsyncDisposable> SubscribeAsync();

    /// <summary>Reads the grain's snapshot and merges it (called on the dispatcher).</summary>
    protected abstract Task LoadSnapshotAsync();

    /// <summary>Subscriptions' callbacks: applies the update on the dispatcher and re-renders; reports failures.</summary>
    protected async Task Pushed(Func<Task> apply)
    {
        try
        {
            await OnDispatcher(apply);
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            await ReportAsync(e);
        }
        catch (Exception e)
        {
            await fail(e);
        }
    }

    private static bool IsClusterFailure(Exception e) => e is OrleansException or TimeoutException or OperationCanceledException;

    /// <summary>Applies a change on the dispatcher, then re-renders.</summary>
    protected Task OnDispatcher(Func<Task> apply) => dispatch(async () =>
    {
        await apply();
        await RaiseChanged();
    });

    /// <summary>Reads the snapshot again now (after cancel or retry, say) instead of waiting for the push.</summary>
    public Task RefreshAsync() => OnDispatcher(LoadSnapshotAsync);

    private async Task FollowAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(catchUpEvery);
        while (await WaitForTickAsync(timer, stop))
        {
            try
            {
                await OnDispatcher(async () =>
                {
                    await LoadSnapshotAsync();
                    Problem = null;
                });
            }
            catch (Exception e) when (!stop.IsCancellationRequested && IsClusterFailure(e))
            {
                await ReportAsync(e);
            }
        }
    }

    private Task ReportAsync(Exception e)
    {
        logger.LogWarning(e, "Live updates interrupted; catching up every {Interval}", catchUpEvery);
        return OnDispatcher(() =>
        {
            Problem = $"Lost contact with the cluster ({e.GetType().Name}: {e.Message}); retrying every {catchUpEvery.TotalSeconds:0} s.";
            return Task.CompletedTask;
        });
    }

    /// <summary>False once the page is gone (stop cancelled), which ends the loop.</summary>
    private static async Task<bool> WaitForTickAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private Task RaiseChanged() => Changed?.Invoke() ?? Task.CompletedTask;

    /// <summary>The subscription may sit on a dead silo: unsubscribing then fails or times out, which is logged, not fatal.</summary>
    private async Task UnsubscribeAsync(IAsyncDisposable? subscription)
    {
        if (subscription is null) return;
        try
        {
            await subscription.DisposeAsync();
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            logger.LogInformation(e, "Could not unsubscribe (its silo may be gone)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        await UnsubscribeAsync(Interlocked.Exchange(ref _subscription, null));
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
