using OrleansScaling.Client;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>An in-memory cluster for the cluster verbs' unit tests: experiments, runs, curves and recorded calls.</summary>
public sealed class FakeScalingClient : IScalingClient
{
    public Dictionary<string, ExperimentView> Experiments { get; } = new();
    public Dictionary<string, IReadOnlyList<CurvePoint>> Curves { get; } = new();
    public List<SweepRequest> Launched { get; } = [];
    public List<string> Cancelled { get; } = [];
    public List<string> Retried { get; } = [];
    public ClusterView Cluster { get; set; } = new([], [], 0, []);

    /// <summary>Called when a client subscribes to an experiment: a test pushes updates through it.</summary>
    public Func<string, Func<ExperimentUpdate, Task>, Task>? OnExperimentSubscribed { get; set; }

    public int Unsubscribed { get; private set; }

    public Task<SweepPlan> PreviewPlan(SweepRequest request) => throw new NotSupportedException("osc never previews");

    /// <summary>What the planner throws for every launch, as a silo does for an invalid request.</summary>
    public Exception? LaunchFailure { get; set; }

    public Task<string> LaunchSweep(SweepRequest request)
    {
        if (LaunchFailure is not null) return Task.FromException<string>(LaunchFailure);
        Launched.Add(request);
        var id = $"exp-{Launched.Count}";
        Add(Sample.Experiment(id, request.Name, ExperimentStatus.Running, Sample.Run(id, "d64-S-seed1", RunStatus.Queued)));
        return Task.FromResult(id);
    }

    public void Add(ExperimentView view, params (string RunId, IReadOnlyList<CurvePoint> Curve)[] curves)
    {
        Experiments[view.Summary.ExperimentId] = view;
        foreach (var (runId, curve) in curves) Curves[runId] = curve;
    }

    public Task<IReadOnlyList<ExperimentSummary>> ListExperiments() =>
        Task.FromResult<IReadOnlyList<ExperimentSummary>>(Experiments.Values.Select(e => e.Summary).ToList());

    public Task<ExperimentView?> GetExperiment(string experimentId) => Task.FromResult(Experiments.GetValueOrDefault(experimentId));

    public List<string> CancelledExperiments { get; } = [];

    public Task CancelExperiment(string experimentId) { CancelledExperiments.Add(experimentId); return Task.CompletedTask; }

    public Task<IReadOnlyList<RunView>> ListRuns(string? experimentId = null, RunStatus? status = null) =>
        Task.FromResult<IReadOnlyList<RunView>>(AllRuns()
            .Where(r => (experimentId is null || r.ExperimentId == experimentId) && (status is null || r.Status == status)).ToList());

    public Task<RunView?> GetRun(string runId) => Task.FromResult(AllRuns().FirstOrDefault(r => r.RunId == runId));

    public Task<IReadOnlyList<CurvePoint>> GetCurve(string runId, long fromIteration = 0) =>
        Task.FromResult<IReadOnlyList<CurvePoint>>(Curves.GetValueOrDefault(runId, []).Where(p => p.Iteration >= fromIteration).ToList());

    public Task CancelRun(string runId) { Cancelled.Add(runId); SetStatus(runId, RunStatus.Cancelled); return Task.CompletedTask; }

    public Task RetryRun(string runId) { Retried.Add(runId); SetStatus(runId, RunStatus.Queued); return Task.CompletedTask; }

    public Task<ClusterView> GetCluster() => Task.FromResult(Cluster);

    public Task<IAsyncDisposable> SubscribeRun(string runId, Func<RunUpdate, Task> onUpdate) =>
        throw new NotSupportedException("osc follows experiments, not single runs");

    public async Task<IAsyncDisposable> SubscribeExperiment(string experimentId, Func<ExperimentUpdate, Task> onUpdate)
    {
        if (OnExperimentSubscribed is { } hook) await hook(experimentId, onUpdate);
        return new Unsubscribe(() => Unsubscribed++);
    }

    /// <summary>Replaces an experiment's status and run snapshots, as the grains would after runs finish.</summary>
    public void Finish(string experimentId, ExperimentStatus status, RunStatus runStatus)
    {
        var view = Experiments[experimentId];
        var runs = view.Runs.Select(r => r with { Status = runStatus, Progress = r.Progress with { Iteration = r.Spec.Iterations } }).ToList();
        Experiments[experimentId] = view with { Summary = view.Summary with { Status = status, RunsFinished = runs.Count }, Runs = runs };
    }

    private IEnumerable<RunView> AllRuns() => Experiments.Values.SelectMany(e => e.Runs);

    private void SetStatus(string runId, RunStatus status)
    {
        var experiment = Experiments.Values.Single(e => e.Runs.Any(r => r.RunId == runId));
        Experiments[experiment.Summary.ExperimentId] = experiment with
        {
            Runs = experiment.Runs.Select(r => r.RunId == runId ? r with { Status = status } : r).ToList(),
        };
    }

    private sealed class Unsubscribe(Action onDispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() { onDispose(); return ValueTask.CompletedTask; }
    }
}
