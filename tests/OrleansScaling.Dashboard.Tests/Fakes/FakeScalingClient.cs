using OrleansScaling.Science.Analysis;
using System.Collections.Concurrent;
using OrleansScaling.Client;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Dashboard.Tests.Fakes;

/// <summary>
/// An in-memory cluster for UI and API tests: plans one run per width and regime, records launches, and lets a
/// test push curve points to subscribers the way run grains do.
/// </summary>
public sealed class FakeScalingClient : IScalingClient
{
    private readonly ConcurrentDictionary<string, ExperimentView> _experiments = new();
    private readonly ConcurrentDictionary<string, RunView> _runs = new();
    private readonly ConcurrentDictionary<string, List<CurvePoint>> _curves = new();
    private readonly ConcurrentDictionary<string, List<Func<ExperimentUpdate, Task>>> _experimentSubscribers = new();
    private readonly ConcurrentDictionary<string, List<Func<RunUpdate, Task>>> _runSubscribers = new();

    public ConcurrentQueue<SweepRequest> Launched { get; } = new();
    public ConcurrentQueue<string> Cancelled { get; } = new();
    public ConcurrentQueue<string> Retried { get; } = new();
    public int ExperimentSubscriptions => _experimentSubscribers.Values.Sum(s => s.Count);

    /// <summary>When set, the planner rejects every request with this exception (like "no shape fits").</summary>
    public ArgumentException? PlannerRejects { get; set; }

    public Task<SweepPlan> PreviewPlan(SweepRequest request) =>
        PlannerRejects is { } e ? Task.FromException<SweepPlan>(e) : Task.FromResult(FakePlanner.Plan(request));

    public async Task<string> LaunchSweep(SweepRequest request)
    {
        var plan = await PreviewPlan(request);
        Launched.Enqueue(request);
        var id = $"exp-{Launched.Count}";
        var runs = plan.Runs.Select(p => FakeViews.Run(id, p)).ToList();
        foreach (var run in runs)
        {
            _runs[run.RunId] = run;
            _curves[run.RunId] = [];
        }
        _experiments[id] = new ExperimentView(FakeViews.Summary(id, request, runs), plan, runs, null);
        return id;
    }

    /// <summary>An experiment with no runs, only its summary (for long lists).</summary>
    public void AddExperiment(ExperimentSummary summary) =>
        _experiments[summary.ExperimentId] = new ExperimentView(summary, new SweepPlan(TestSweeps.Paper with { Name = summary.Name }, [], []), [], null);

    /// <summary>An experiment with its runs and curves as given (branches, which the fake planner does not plan).</summary>
    public void Add(ExperimentView view, IReadOnlyDictionary<string, List<CurvePoint>> curves)
    {
        foreach (var run in view.Runs)
        {
            _runs[run.RunId] = run;
            _curves[run.RunId] = curves.TryGetValue(run.RunId, out var curve) ? [.. curve] : [];
        }
        _experiments[view.Summary.ExperimentId] = view;
    }

    public Task<IReadOnlyList<ExperimentSummary>> ListExperiments() =>
        Task.FromResult<IReadOnlyList<ExperimentSummary>>(_experiments.Values.Select(e => e.Summary).ToList());

    public Task<ExperimentView?> GetExperiment(string experimentId) =>
        Task.FromResult(_experiments.TryGetValue(experimentId, out var view) ? view with { Runs = view.Runs.Select(r => _runs[r.RunId]).ToList() } : null);

    public Task CancelExperiment(string experimentId)
    {
        Cancelled.Enqueue(experimentId);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<RunView>> ListRuns(string? experimentId = null, RunStatus? status = null) =>
        (await Task.WhenAll(_experiments.Keys.Where(k => experimentId is null || k == experimentId).Select(GetExperiment)))
        .SelectMany(v => v!.Runs).Where(r => status is null || r.Status == status).ToList();

    public Task<RunView?> GetRun(string runId) => Task.FromResult(_runs.TryGetValue(runId, out var run) ? run : null);

    public Task<IReadOnlyList<CurvePoint>> GetCurve(string runId, long fromIteration = 0)
    {
        lock (_curves) return Task.FromResult<IReadOnlyList<CurvePoint>>(
            _curves.TryGetValue(runId, out var curve) ? curve.Where(p => p.Iteration >= fromIteration).ToList() : []);
    }

    public Task CancelRun(string runId)
    {
        Cancelled.Enqueue(runId);
        return Task.CompletedTask;
    }

    public Task RetryRun(string runId)
    {
        Retried.Enqueue(runId);
        return Task.CompletedTask;
    }

    public Task<ClusterView> GetCluster() => Task.FromResult(new ClusterView(["silo-1"],
        [new SlotView("silo-1", "cpu:0", "cpu", 8L << 30, _runs.Keys.FirstOrDefault(), DateTimeOffset.UtcNow)], 3,
        [new FailureView("run-x", "silo-2", "lease expired: silo-2 stopped answering", DateTimeOffset.UtcNow)]));

    public Task<IAsyncDisposable> SubscribeRun(string runId, Func<RunUpdate, Task> onUpdate) =>
        Task.FromResult(Subscribe(_runSubscribers, runId, onUpdate));

    public Task<IAsyncDisposable> SubscribeExperiment(string experimentId, Func<ExperimentUpdate, Task> onUpdate) =>
        Task.FromResult(Subscribe(_experimentSubscribers, experimentId, onUpdate));

    /// <summary>Records points on a run (Running, progress at the last point) and pushes them to subscribers.</summary>
    public async Task Report(string runId, IReadOnlyList<CurvePoint> points, RunStatus status = RunStatus.Running)
    {
        lock (_curves) _curves[runId].AddRange(points);
        var run = _runs[runId];
        var last = points.Count > 0 ? points[^1] : null;
        run = _runs[runId] = run with
        {
            Status = status,
            Progress = last is null ? run.Progress : run.Progress with
            {
                Iteration = last.Iteration, TokensSeen = last.Tokens, TokensPerSecond = last.TokensPerSecond,
                LastTestLoss = last.TestLoss, BestTestLoss = Math.Min(run.Progress.BestTestLoss ?? double.MaxValue, last.TestLoss),
            },
            Attempts = run.Attempts.Count > 0 ? run.Attempts : [new RunAttempt(1, "silo-1", "cpu:0", DateTimeOffset.UtcNow, 0, null, null)],
        };
        var update = new RunUpdate(runId, points, run);
        var experiment = _experiments[run.ExperimentId];
        var finished = experiment.Runs.Count(r => _runs[r.RunId].Status.IsFinished());
        experiment = _experiments[run.ExperimentId] = experiment with { Summary = experiment.Summary with { RunsFinished = finished } };
        foreach (var subscriber in Snapshot(_runSubscribers, runId)) await subscriber(update);
        foreach (var subscriber in Snapshot(_experimentSubscribers, run.ExperimentId))
            await subscriber(new ExperimentUpdate(run.ExperimentId, update, experiment.Summary));
    }

    /// <summary>What a grain failover does to subscriptions: they are gone until the client renews them.</summary>
    public void DropSubscribers()
    {
        lock (_experimentSubscribers) _experimentSubscribers.Clear();
        lock (_runSubscribers) _runSubscribers.Clear();
    }

    public void SetStatus(string runId, RunStatus status) => _runs[runId] = _runs[runId] with { Status = status };

    public void SetStopped(string runId, RunStatus status, string stopReason) =>
        _runs[runId] = _runs[runId] with { Status = status, StopReason = stopReason, FinishedAt = DateTimeOffset.UtcNow };

    public void SetForecast(string runId, OrleansScaling.Science.Analysis.Forecasts.RunForecast forecast) =>
        _runs[runId] = _runs[runId] with { Forecast = forecast };

    public void SetAnalyses(string experimentId, ExperimentAnalyses analyses) =>
        _experiments[experimentId] = _experiments[experimentId] with { Analyses = analyses };

    private static List<Func<T, Task>> Snapshot<T>(ConcurrentDictionary<string, List<Func<T, Task>>> all, string key)
    {
        lock (all) return all.TryGetValue(key, out var list) ? [.. list] : [];
    }

    private static IAsyncDisposable Subscribe<T>(ConcurrentDictionary<string, List<Func<T, Task>>> all, string key, Func<T, Task> callback)
    {
        lock (all) all.GetOrAdd(key, _ => []).Add(callback);
        return new Unsubscriber(() => { lock (all) if (all.TryGetValue(key, out var list)) list.Remove(callback); });
    }

    private sealed class Unsubscriber(Action remove) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            remove();
            return ValueTask.CompletedTask;
        }
    }
}
