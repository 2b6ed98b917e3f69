using Orleans.Concurrency;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Experiments;

/// <summary>The experiment grain's silo-internal face: created by the catalog, told about its runs by them.</summary>
public interface IExperimentRunsGrain : IGrainWithStringKey
{
    /// <summary>Records the plan and creates and queues one training run per planned run. A second call changes nothing.</summary>
    Task<ExperimentSummary> Create(SweepPlan plan, DateTimeOffset createdAt);

    /// <summary>A run's new points or status (one-way, so a run never waits on its experiment).</summary>
    [OneWay]
    Task OnRunUpdate(RunUpdate update);
}
