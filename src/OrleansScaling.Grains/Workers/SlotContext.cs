using Microsoft.Extensions.Logging;
using OrleansScaling.Grains.Artifacts;
using OrleansScaling.Grains.Hosting;
using OrleansScaling.Grains.Scheduling;
using OrleansScaling.Grains.Telemetry;
using OrleansScaling.Training;

namespace OrleansScaling.Grains.Workers;

/// <summary>What every slot of a silo shares: the cluster, the engine, the artifact store, folders, settings, the
/// run-lifecycle log (<see cref="Runs"/>) and the slot metrics.</summary>
internal sealed record SlotContext(
    IGrainFactory Grains,
    IRunTrainer Trainer,
    IArtifactStore Artifacts,
    WorkerOptions Options,
    string WorkDirectory,
    string CacheDirectory,
    ILogger Logger,
    ILogger Runs,
    SlotMetrics Metrics)
{
    public ISchedulerGrain Scheduler => Grains.GetGrain<ISchedulerGrain>(0);

    /// <summary>Set when the silo stops without grace (killed): attempts are abandoned to their leases, as in a crash.</summary>
    public bool Abandoned { get; set; }
}
