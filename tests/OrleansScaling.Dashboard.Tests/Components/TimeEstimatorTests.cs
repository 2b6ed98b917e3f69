using Microsoft.Extensions.Options;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Dashboard.Sweeps;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Dashboard.Tests.Components;

public sealed class TimeEstimatorTests
{
    private static readonly TimeEstimator Estimator = new(Options.Create(new DashboardOptions()));

    private static PlannedRun Planned(int d, int layers, int context, int batch, int iterations)
    {
        var shape = new ModelShape(d, layers, Math.Max(d / 64, 1), context, 256);
        var spec = new RunSpec(shape, batch, iterations);
        return new PlannedRun("k", spec, shape.Parameters, shape.FlopsPerToken, shape.FlopsPerToken * spec.TotalTokens);
    }

    [Fact]
    public void A_tiny_model_on_a_CPU_is_held_to_the_measured_tokens_per_second_ceiling()
    {
        var run = Planned(64, 1, 32, 4, 300); // 38,400 tokens
        Assert.Equal(38_400 / 7000.0, Estimator.Seconds(run, DeviceRequirement.Cpu), 9);
    }

    [Fact]
    public void A_larger_model_is_limited_by_FLOPs_per_second()
    {
        var run = Planned(256, 4, 128, 16, 1000);
        Assert.Equal(run.TotalFlops / 4.0e10, Estimator.Seconds(run, DeviceRequirement.Any), 6);
        Assert.Equal(run.TotalFlops / 5.0e13, Estimator.Seconds(run, DeviceRequirement.Gpu), 9);
    }
}
