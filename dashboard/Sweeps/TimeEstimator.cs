using Microsoft.Extensions.Options;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Sweeps;

/// <summary>Wall-time estimates for planned runs: FLOPs divided by one slot's throughput (DashboardOptions).</summary>
public sealed class TimeEstimator(IOptions<DashboardOptions> options)
{
    public double FlopsPerSecond(DeviceRequirement device) =>
        device == DeviceRequirement.Gpu ? options.Value.GpuFlopsPerSecond : options.Value.CpuFlopsPerSecond;

    /// <summary>Seconds one slot needs for the run.</summary>
    public double Seconds(PlannedRun run, DeviceRequirement device) => run.TotalFlops / FlopsPerSecond(device);
}
