using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Scheduling;

/// <summary>
/// Which queued run a slot leases (pure; docs/orchestration.md, "Placement"). A CPU slot: the oldest run it fits. A GPU
/// slot: the oldest run it fits whose matmul mode (<see cref="MatmulModes.MatmulMode"/>) equals that of every run leased
/// to a GPU slot of the same silo, because libtorch's TF32 switch is one per process. A run skipped for its mode keeps
/// its place; once it has been passed over <paramref name="overtakeLimit"/> times, a slot of that silo leases nothing
/// past it, so the silo's GPU runs drain and it goes next (no starvation).
/// </summary>
internal static class GpuPlacement
{
    public static (int Index, IReadOnlyList<string> PassedOver) Choose(
        IReadOnlyList<QueuedRun> queue, SlotDescriptor slot, IEnumerable<HeldLease> leases,
        Func<string, int> timesPassedOver, int overtakeLimit)
    {
        var siloModes = slot.IsGpu
            ? leases.Where(l => l.Slot.IsGpu && l.Slot.Silo == slot.Silo).Select(l => l.Precision.MatmulMode()).ToHashSet()
            : [];
        var passed = new List<string>();
        for (var i = 0; i < queue.Count; i++)
        {
            var run = queue[i];
            if (!slot.Fits(run.Device)) continue;
            if (siloModes.All(mode => mode == run.Precision.MatmulMode())) return (i, passed);
            if (timesPassedOver(run.RunId) >= overtakeLimit) return (-1, []);
            passed.Add(run.RunId);
        }
        return (-1, []);
    }
}
