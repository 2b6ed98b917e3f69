using Microsoft.Extensions.Options;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Sweeps;

/// <summary>
/// Wall-time estimates for planned runs on one slot: training tokens at the slot's speed, where the speed is its
/// FLOP/s divided by the model's FLOPs per token, capped on CPUs by the measured small-model ceiling (DashboardOptions).
/// Evaluations are not counted.
/// </summary>
public sealed class TimeEstimator(IOptions<DashboardOptions> options)
{
    public double FlopsPerSecond(DeviceRequirement device) =>
        device == DeviceRequirement.Gpu ? options.Value.GpuFlopsPerSecond : options.Value.CpuFlopsPerSecond;

    public double CpuMaxTokensPerSecond => options.Value.CpuMaxTokensPerSecond;

    public double TokensPerSecond(PlannedRun run, DeviceRequirement device)
    {
        var byFlops = FlopsPerSecond(device) / run.FlopsPerToken;
        return device == DeviceRequirement.Gpu ? byFlops : Math.Min(byFlops, options.Value.CpuMaxTokensPerSecond);
    }

    /// <summary>Seconds one slot needs for the run.</summary>
    public double Seconds(PlannedRun run, DeviceRequirement device) => run.Spec.TotalTokens / TokensPerSecond(run, device);
}
