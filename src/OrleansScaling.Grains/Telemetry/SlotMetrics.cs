using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansScaling.Hosting.Telemetry;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Scheduling;

namespace OrleansScaling.Grains.Telemetry;

/// <summary>
/// This silo's worker-slot and attempt metrics, on the meter "OrleansScaling" (docs/operations.md lists them). Labels are
/// bounded: silo, slot, device, state, reason — never a run id, so a series count does not grow with the runs.
/// </summary>
public sealed class SlotMetrics
{
    private readonly ConcurrentDictionary<SlotKey, SlotSample> _slots = new();
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _leasesLost;

    public SlotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MetricNames.Meter);
        meter.CreateObservableGauge(MetricNames.Slots, ObserveSlotStates,
            description: "Worker slots of this silo by state (busy: training an attempt; idle: asking for work).");
        meter.CreateObservableGauge(MetricNames.SlotTokensPerSecond, () => Observe(s => s.TokensPerSecond),
            description: "Training throughput of the slot's current attempt, tokens/s (0 when idle).");
        meter.CreateObservableGauge(MetricNames.SlotStepSeconds, () => Observe(s => s.StepSeconds),
            description: "Seconds per optimizer step of the slot's current attempt (0 when idle).");
        meter.CreateObservableGauge(MetricNames.SlotDeviceMemoryBytes, ObserveDeviceMemory,
            description: "Memory in use on the slot's GPU, bytes (NVML; no series for CPU slots).");
        _attempts = meter.CreateCounter<long>(MetricNames.Attempts,
            description: "Attempts ended, by reason: succeeded, failed, handed_back, dropped (lease lost or run cancelled).");
        _leasesLost = meter.CreateCounter<long>(MetricNames.LeasesLost,
            description: "Leases the scheduler let expire (no heartbeat), counted by the silo hosting the scheduler.");
    }

    public void SlotStarted(SlotDescriptor slot) => _slots[Key(slot)] = SlotSample.Idle;

    public void SlotStopped(SlotDescriptor slot) => _slots.TryRemove(Key(slot), out _);

    public void Busy(SlotDescriptor slot, bool busy) => _slots[Key(slot)] = busy ? SlotSample.Idle with { Busy = true } : SlotSample.Idle;

    /// <summary>The engine's latest counters for the slot's attempt.</summary>
    public void Progress(SlotDescriptor slot, double tokensPerSecond, long tokensPerIteration) =>
        _slots[Key(slot)] = new SlotSample(true, tokensPerSecond, tokensPerSecond > 0 ? tokensPerIteration / tokensPerSecond : 0);

    private static SlotKey Key(SlotDescriptor slot) => new(slot.Silo, slot.Slot, slot.Device);

    public void AttemptEnded(string reason) => _attempts.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LeaseLost() => _leasesLost.Add(1);

    private IEnumerable<Measurement<int>> ObserveSlotStates()
    {
        foreach (var group in _slots.GroupBy(s => s.Key.SiloLabel))
        {
            var silo = new KeyValuePair<string, object?>("silo", group.Key);
            int busy = group.Count(s => s.Value.Busy);
            yield return new Measurement<int>(busy, silo, new("state", "busy"));
            yield return new Measurement<int>(group.Count() - busy, silo, new("state", "idle"));
        }
    }

    private IEnumerable<Measurement<double>> Observe(Func<SlotSample, double> value) =>
        _slots.Select(s => new Measurement<double>(value(s.Value), s.Key.Labels));

    private IEnumerable<Measurement<long>> ObserveDeviceMemory()
    {
        foreach (var key in _slots.Keys)
            if (GpuMemory.UsedBytes(key.Device) is { } used) yield return new Measurement<long>(used, key.Labels);
    }

    /// <param name="Silo">Orleans' silo address ("S10.0.0.5:11111:155007306"); labelled as host:port, without the
    /// generation, so a restarted silo continues its series.</param>
    private readonly record struct SlotKey(string Silo, string Slot, string Device)
    {
        public string SiloLabel => SiloNames.HostPort(Silo);
        public KeyValuePair<string, object?>[] Labels => [new("silo", SiloLabel), new("slot", Slot), new("device", Device)];
    }

    private sealed record SlotSample(bool Busy, double TokensPerSecond, double StepSeconds)
    {
        public static readonly SlotSample Idle = new(false, 0, 0);
    }
}
