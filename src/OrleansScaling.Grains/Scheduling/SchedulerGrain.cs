using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Runs;
using OrleansScaling.Grains.Telemetry;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Scheduling;

/// <summary>
/// Owns the queue and the leases: slots pull (Acquire), renew by heartbeat and end their lease here (EndLease); a timer
/// puts runs whose lease was not renewed back at the front of the queue and tells their run grain (one-way). It is the
/// owner because it is what survives a silo's death: its state is persisted and its timer keeps it active, so it is
/// the one that notices an expired lease (a run grain on a dead silo is gone until something calls it).
/// Lease expiries and the slot list live in memory (re-armed or re-learnt after a failover).
/// Persistence: putting a run in the queue is written at once (a lost one would leave a run queued nowhere). Leases
/// granted and ended, removals and failures are written by the timer within LeaseCheckSeconds, because the state is the
/// whole queue and a write per lease made a large sweep quadratic. What a crash of this grain's silo can lose is
/// therefore at most LeaseCheckSeconds of those, each with a defined consequence: a lost grant leaves the run queued,
/// so it is granted again and the run grain's new attempt supersedes the old one; a lost end re-arms the lease, which
/// expires, and the run grain answers that its attempt is already closed.
/// </summary>
public sealed class SchedulerGrain(
    [PersistentState("scheduler", StorageNames.Provider)] IPersistentState<SchedulerState> state,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    SlotMetrics metrics,
    ILoggerFactory loggers) : Grain, ISchedulerGrain
{
    private readonly SchedulerOptions _options = options.Value;
    private readonly ILogger _runs = loggers.CreateLogger(RunLifecycleLog.Category);
    private readonly Dictionary<string, DateTimeOffset> _expiries = [];
    private readonly SlotRegistry _slots = new();
    /// <summary>How often each queued run was passed over for its matmul mode (GpuPlacement); in memory only.</summary>
    private readonly Dictionary<string, int> _passedOver = [];
    private bool _unsaved;

    private SchedulerState State => state.State;
    private DateTimeOffset Now => time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Holders of leases granted by a previous activation get one full lease to find us again.
        foreach (var runId in State.Leases.Keys) _expiries[runId] = Now + _options.Lease;
        var period = TimeSpan.FromSeconds(_options.LeaseCheckSeconds);
        this.RegisterGrainTimer(OnTimer, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved) await Write(State);
    }

    async Task ISchedulerGrain.Enqueue(string runId, DeviceRequirement device, Precision precision, bool front)
    {
        if (State.Leases.ContainsKey(runId) || State.Queue.Any(q => q.RunId == runId)) return;
        await Write(WithQueued(State, runId, device, precision, front));
        RunLifecycleLog.Queued(_runs, runId, front ? "front" : "back");
    }

    async Task ISchedulerGrain.EnqueueNew(IReadOnlyList<QueuedRun> runs)
    {
        var known = State.Queue.Select(q => q.RunId).Concat(State.Leases.Keys).ToHashSet();
        var added = runs.Where(run => known.Add(run.RunId)).Select(run => run with { EnqueuedAt = Now }).ToList();
        if (added.Count == 0) return;
        await Write(State with { Queue = State.Queue.AddRange(added) });
        foreach (var run in added) RunLifecycleLog.Queued(_runs, run.RunId, "back");
    }

    Task<LeaseGrant?> ISchedulerGrain.Acquire(SlotDescriptor slot)
    {
        _slots.Seen(slot, Now);
        var (index, passedOver) = GpuPlacement.Choose(State.Queue, slot, State.Leases.Values,
            runId => _passedOver.GetValueOrDefault(runId), _slots.GpuSlotsOf(slot.Silo));
        if (index < 0) return Task.FromResult<LeaseGrant?>(null);
        foreach (var runId in passedOver) _passedOver[runId] = _passedOver.GetValueOrDefault(runId) + 1;
        var queued = State.Queue[index];
        _passedOver.Remove(queued.RunId);
        var lease = new HeldLease(queued.RunId, Guid.NewGuid().ToString("N"), queued.Device, slot, Now, queued.Precision);
        Change(State with { Queue = State.Queue.RemoveAt(index), Leases = State.Leases.SetItem(lease.RunId, lease) });
        _expiries[lease.RunId] = Now + _options.Lease;
        return Task.FromResult<LeaseGrant?>(new LeaseGrant(lease.RunId, lease.LeaseId, _options.Lease, lease.Device));
    }

    Task<bool> ISchedulerGrain.Renew(string runId, string leaseId)
    {
        if (!State.Leases.TryGetValue(runId, out var lease) || lease.LeaseId != leaseId) return Task.FromResult(false);
        _slots.Seen(lease.Slot, Now);
        _expiries[runId] = Now + _options.Lease;
        return Task.FromResult(true);
    }

    async Task ISchedulerGrain.EndLease(string runId, string leaseId, bool requeue, FailureView? failure)
    {
        if (!State.Leases.TryGetValue(runId, out var lease) || lease.LeaseId != leaseId) return;
        _expiries.Remove(runId);
        var next = State with { Leases = State.Leases.Remove(runId) };
        if (failure is not null) next = next.WithFailure(failure);
        if (!requeue)
        {
            Change(next);
            return;
        }
        await Write(WithQueued(next, runId, lease.Device, lease.Precision, front: true));
        RunLifecycleLog.Queued(_runs, runId, "front");
    }

    Task ISchedulerGrain.Remove(string runId)
    {
        _expiries.Remove(runId);
        _passedOver.Remove(runId);
        var next = State.Without(runId);
        if (next.Queue.Count != State.Queue.Count || next.Leases.Count != State.Leases.Count) Change(next);
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.Unregister(string silo, string slot)
    {
        _slots.Forget(silo, slot);
        return Task.CompletedTask;
    }

    Task<SchedulerSnapshot> ISchedulerGrain.GetSnapshot() => Task.FromResult(new SchedulerSnapshot(
        _slots.Views(State.Leases.Values, Now - 3 * _options.Lease), State.Queue.Count, State.RecentFailures));

    private async Task OnTimer(CancellationToken cancellationToken)
    {
        await ExpireLeases();
        if (_unsaved) await Write(State);
    }

    private async Task ExpireLeases()
    {
        var expired = _expiries.Where(e => e.Value < Now).Select(e => State.Leases[e.Key]).ToList();
        if (expired.Count == 0) return;
        var next = State;
        var lost = new List<(HeldLease Lease, string Reason)>();
        foreach (var lease in expired)
        {
            _expiries.Remove(lease.RunId);
            var reason = $"lease lost: no heartbeat from {lease.Slot.Silo} {lease.Slot.Slot} ({lease.Slot.Device}) " +
                         $"for {_options.LeaseSeconds:0.#} s";
            next = WithQueued(next with { Leases = next.Leases.Remove(lease.RunId) }, lease.RunId, lease.Device, lease.Precision, front: true)
                .WithFailure(new FailureView(lease.RunId, lease.Slot.Silo, reason, Now));
            lost.Add((lease, reason));
            RunLifecycleLog.LeaseLost(_runs, lease.RunId, reason);
            metrics.LeaseLost();
        }
        await Write(next);
        // One-way: the run grain closes the lost attempt (and asks to Remove a run that has now failed for good)
        // without this turn waiting on it.
        foreach (var (lease, reason) in lost)
            await GrainFactory.GetGrain<ITrainingRunWorkerGrain>(lease.RunId).AttemptLost(lease.LeaseId, reason);
    }

    private SchedulerState WithQueued(SchedulerState before, string runId, DeviceRequirement device, Precision precision, bool front)
    {
        var entry = new QueuedRun(runId, device, Now, precision);
        return before with { Queue = front ? before.Queue.Insert(0, entry) : before.Queue.Add(entry) };
    }

    /// <summary>Written by the timer (see the class comment).</summary>
    private void Change(SchedulerState next)
    {
        state.State = next;
        _unsaved = true;
    }

    private async Task Write(SchedulerState next)
    {
        state.State = next;
        await state.WriteStateAsync();
        _unsaved = false;
    }
}
