using Microsoft.Extensions.Logging;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Client;

/// <summary>
/// The one facade over the grains that scripts, `osc` and the dashboard use. Each method is a grain call
/// or a few; nothing here holds state but live subscriptions. Missing experiments and runs come back as null.
/// </summary>
/// <param name="subscriptionRenewal">How often subscriptions renew (default 10 s), so they survive a grain's failover.</param>
public sealed partial class ScalingClient(IGrainFactory grains, TimeSpan? subscriptionRenewal = null, ILogger? logger = null) : IScalingClient
{
    public IGrainFactory Grains => grains;

    private TimeSpan SubscriptionRenewal { get; } = subscriptionRenewal ?? TimeSpan.FromSeconds(10);

    public Task<SweepPlan> PreviewPlan(SweepRequest request) =>
        NamingTheField(() => grains.GetGrain<ISweepPlannerGrain>(0).Plan(request));

    public Task<string> LaunchSweep(SweepRequest request) =>
        NamingTheField(() => grains.GetGrain<IExperimentCatalogGrain>(0).Launch(request));

    public Task<IReadOnlyList<ExperimentSummary>> ListExperiments() =>
        grains.GetGrain<IExperimentCatalogGrain>(0).List();

    public Task<ExperimentView?> GetExperiment(string experimentId) =>
        grains.GetGrain<IExperimentGrain>(experimentId).GetView();

    public Task CancelExperiment(string experimentId) =>
        grains.GetGrain<IExperimentGrain>(experimentId).Cancel();

    /// <summary>Runs of one experiment, or of all experiments, optionally with one status.</summary>
    public async Task<IReadOnlyList<RunView>> ListRuns(string? experimentId = null, RunStatus? status = null)
    {
        var experimentIds = experimentId is not null
            ? [experimentId]
            : (await ListExperiments()).Select(e => e.ExperimentId).ToList();
        var views = await Task.WhenAll(experimentIds.Select(GetExperiment));
        return views.Where(v => v is not null)
            .SelectMany(v => v!.Runs)
            .Where(r => status is null || r.Status == status)
            .ToList();
    }

    public Task<RunView?> GetRun(string runId) =>
        grains.GetGrain<ITrainingRunGrain>(runId).GetView();

    public Task<IReadOnlyList<CurvePoint>> GetCurve(string runId, long fromIteration = 0) =>
        grains.GetGrain<ITrainingRunGrain>(runId).GetCurve(fromIteration);

    public Task CancelRun(string runId) => grains.GetGrain<ITrainingRunGrain>(runId).Cancel();

    public Task RetryRun(string runId) => grains.GetGrain<ITrainingRunGrain>(runId).Retry();

    public Task<ClusterView> GetCluster() => grains.GetGrain<IClusterStatusGrain>(0).GetView();
}
