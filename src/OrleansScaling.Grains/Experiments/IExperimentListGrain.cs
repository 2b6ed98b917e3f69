using Orleans.Concurrency;
using OrleansScaling.Contracts;

namespace OrleansScaling.Grains.Experiments;

/// <summary>The catalog's silo-internal face: experiments push their summary when it changes.</summary>
public interface IExperimentListGrain : IGrainWithIntegerKey
{
    [OneWay]
    Task OnSummaryChanged(ExperimentSummary summary);
}
