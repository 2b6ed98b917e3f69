using Orleans.Storage;
using OrleansScaling.Grains.Experiments;

namespace OrleansScaling.Grains.Tests.Infrastructure;

/// <summary>
/// The grain storage of the test cluster: every call goes to the memory storage; the writes of watched experiments are
/// recorded (what each wrote, how many were in flight at once) and one can be held until the test releases it.
/// </summary>
public sealed class WatchedGrainStorage(IGrainStorage inner, ExperimentWrites writes) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        grainState.State is ExperimentState state && writes.Watched(grainId.Key.ToString()!) is { } watch
            ? watch.Write(state, () => inner.WriteStateAsync(stateName, grainId, grainState))
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

/// <summary>The experiments whose state writes a test watches, by experiment id.</summary>
public sealed class ExperimentWrites
{
    private readonly Dictionary<string, WatchedWrites> _watched = [];

    public WatchedWrites Watch(string experimentId)
    {
        lock (_watched) return _watched[experimentId] = new WatchedWrites();
    }

    internal WatchedWrites? Watched(string experimentId)
    {
        lock (_watched) return _watched.GetValueOrDefault(experimentId);
    }
}

/// <summary>One experiment's state writes: each state written (once stored), and the most ever in flight at once.</summary>
public sealed class WatchedWrites
{
    private readonly object _lock = new();
    private readonly List<ExperimentState> _written = [];
    private readonly List<(int From, Func<ExperimentState, bool> Condition, TaskCompletionSource<ExperimentState> Done)> _waiters = [];
    private (Func<ExperimentState, bool> Condition, HeldWrite Write)? _hold;
    private int _inFlight;

    public int MaxInFlight { get; private set; }

    /// <summary>How many writes have been stored so far: a mark for <see cref="WaitFor"/>.</summary>
    public int Count { get { lock (_lock) return _written.Count; } }

    public ExperimentState? Last { get { lock (_lock) return _written.LastOrDefault(); } }

    /// <summary>Completes with the first state stored from write number <paramref name="from"/> on that meets the condition.</summary>
    public Task<ExperimentState> WaitFor(int from, Func<ExperimentState, bool> condition)
    {
        lock (_lock)
        {
            if (_written.Skip(from).FirstOrDefault(condition) is { } stored) return Task.FromResult(stored);
            var done = new TaskCompletionSource<ExperimentState>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((from, condition, done));
            return done.Task;
        }
    }

    /// <summary>Holds the next write whose state meets the condition until <see cref="HeldWrite.Release"/>.</summary>
    public HeldWrite HoldNext(Func<ExperimentState, bool> condition)
    {
        var held = new HeldWrite();
        lock (_lock) _hold = (condition, held);
        return held;
    }

    internal async Task Write(ExperimentState state, Func<Task> write)
    {
        HeldWrite? held = null;
        lock (_lock)
        {
            MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
            if (_hold is { } hold && hold.Condition(state))
            {
                held = hold.Write;
                _hold = null;
            }
        }
        try
        {
            if (held is not null) await held.Enter(state);
            await write();
        }
        finally
        {
            lock (_lock) _inFlight--;
        }
        List<(TaskCompletionSource<ExperimentState> Done, ExperimentState State)> met;
        lock (_lock)
        {
            _written.Add(state);
            var number = _written.Count - 1;
            met = _waiters.Where(w => number >= w.From && w.Condition(state)).Select(w => (w.Done, state)).ToList();
            _waiters.RemoveAll(w => met.Any(m => m.Done == w.Done));
        }
        foreach (var (done, stored) in met) done.TrySetResult(stored);
    }
}

/// <summary>A write held on its way to storage: <see cref="Entered"/> completes with the state it carries.</summary>
public sealed class HeldWrite
{
    private readonly TaskCompletionSource<ExperimentState> _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ExperimentState> Entered => _entered.Task;

    public void Release() => _released.TrySetResult();

    internal Task Enter(ExperimentState state)
    {
        _entered.TrySetResult(state);
        return _released.Task;
    }
}

/// <summary>Holds the first parametric fits of watched experiments before they are computed, each until released.</summary>
public sealed class FitsGate : IExperimentFitsGate
{
    private readonly Dictionary<string, HeldFits> _held = [];

    public HeldFits Hold(string experimentId, int count)
    {
        lock (_held) return _held[experimentId] = new HeldFits(count);
    }

    public Task BeforeFits(string experimentId)
    {
        HeldFits? held;
        lock (_held) held = _held.GetValueOrDefault(experimentId);
        return held?.Arrive() ?? Task.CompletedTask;
    }
}

/// <summary>The first <c>count</c> fits computations of one experiment; later ones pass.</summary>
public sealed class HeldFits(int count)
{
    private readonly TaskCompletionSource[] _arrived = NewSources(count);
    private readonly TaskCompletionSource[] _released = NewSources(count);
    private int _arrivals;

    /// <summary>Completes when computation number <paramref name="n"/> (from 1) has reached the gate.</summary>
    public Task Arrived(int n) => _arrived[n - 1].Task;

    public void Release(int n) => _released[n - 1].TrySetResult();

    internal Task Arrive()
    {
        var n = Interlocked.Increment(ref _arrivals);
        if (n > count) return Task.CompletedTask;
        _arrived[n - 1].TrySetResult();
        return _released[n - 1].Task;
    }

    private static TaskCompletionSource[] NewSources(int count) =>
        Enumerable.Range(0, count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
}
