using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Client;

/// <summary>
/// Everything a script, `osc` or the dashboard asks of the cluster. <see cref="ScalingClient"/> implements it over
/// the grains; tests of the UI and CLI may substitute their own. Missing experiments and runs come back as null.
/// </summary>
public interface IScalingClient
{
    Task<SweepPlan> PreviewPlan(SweepRequest request);
    Task<string> LaunchSweep(SweepRequest request);
    Task<IReadOnlyList<ExperimentSummary>> ListExperiments();
    Task<ExperimentView?> GetExperiment(string experimentId);
    Task CancelExperiment(string experimentId);
    Task<IReadOnlyList<RunView>> ListRuns(string? experimentId = null, RunStatus? status = null);
    Task<RunView?> GetRun(string runId);
    Task<IReadOnlyList<CurvePoint>> GetCurve(string runId, long fromIteration = 0);
    Task CancelRun(string runId);
    Task RetryRun(string runId);
    Task<ClusterView> GetCluster();

    /// <summary>
    /// Pushes the run's updates to <paramref name="onUpdate"/> until disposed. Subscribe before reading the
    /// snapshot (GetRun/GetCurve) so no point falls between them; updates are idempotent by iteration.
    /// </summary>
    Task<IAsyncDisposable> SubscribeRun(string runId, Func<RunUpdate, Task> onUpdate);

    /// <summary>Pushes the experiment's updates (its runs' points and status changes) until disposed.</summary>
    Task<IAsyncDisposable> SubscribeExperiment(string experimentId, Func<ExperimentUpdate, Task> onUpdate);
}
