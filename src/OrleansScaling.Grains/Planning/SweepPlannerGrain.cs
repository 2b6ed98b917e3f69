using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansScaling.Hosting;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Planning;

/// <summary>
/// Turns a sweep request into a plan with the science core. Pure computation, so a stateless worker: Orleans runs
/// one per silo (more under load) and calls never queue behind each other. Invalid requests throw
/// <see cref="ArgumentException"/> naming the field, which reaches the caller as is.
/// </summary>
[StatelessWorker]
public sealed class SweepPlannerGrain(IOptions<ScalingOptions> options) : Grain, ISweepPlannerGrain
{
    Task<SweepPlan> ISweepPlannerGrain.Plan(SweepRequest request) => Task.FromResult(SweepPlanner.Plan(request, options.Value.SweepLimits));
}
