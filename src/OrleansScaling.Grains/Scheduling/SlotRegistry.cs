using OrleansScaling.Contracts;

namespace OrleansScaling.Grains.Scheduling;

/// <summary>The slots that asked for work or renewed a lease lately, for the cluster view. In memory only.</summary>
internal sealed class SlotRegistry
{
    private readonly Dictionary<(string Silo, string Slot), (SlotDescriptor Slot, DateTimeOffset LastSeen)> _slots = [];

    public void Seen(SlotDescriptor slot, DateTimeOffset at) => _slots[(slot.Silo, slot.Slot)] = (slot, at);

    public void Forget(string silo, string slot) => _slots.Remove((silo, slot));

    /// <summary>The GPU slots of <paramref name="silo"/> seen so far (at least 1): how often a run may be passed over there.</summary>
    public int GpuSlotsOf(string silo) => Math.Max(1, _slots.Values.Count(s => s.Slot.Silo == silo && s.Slot.IsGpu));

    /// <summary>Slots seen after <paramref name="staleBefore"/>, each with the run it holds; older ones are dropped.</summary>
    public IReadOnlyList<SlotView> Views(IEnumerable<HeldLease> leases, DateTimeOffset staleBefore)
    {
        foreach (var key in _slots.Where(s => s.Value.LastSeen < staleBefore).Select(s => s.Key).ToList())
            _slots.Remove(key);
        var running = leases.ToDictionary(l => (l.Slot.Silo, l.Slot.Slot), l => l.RunId);
        return _slots.Values
            .OrderBy(s => s.Slot.Silo, StringComparer.Ordinal).ThenBy(s => s.Slot.Slot, StringComparer.Ordinal)
            .Select(s => new SlotView(s.Slot.Silo, s.Slot.Slot, s.Slot.Device, s.Slot.MemoryBytes,
                running.GetValueOrDefault((s.Slot.Silo, s.Slot.Slot)), s.LastSeen))
            .ToList();
    }
}
