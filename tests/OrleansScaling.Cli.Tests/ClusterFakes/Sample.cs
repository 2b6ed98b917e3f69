using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>Small, realistic views for the fake cluster.</summary>
public static class Sample
{
    public static readonly DateTimeOffset At = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public static RunView Run(string experimentId, string key, RunStatus status, long iteration = 0, string? runId = null, int epochs = 1)
    {
        var spec = new RunSpec(new ModelShape(64, 2, 2, 128, 256), BatchSize: 16, Iterations: 300, Epochs: epochs);
        return new RunView(runId ?? $"{experimentId}-{key}", experimentId, key, spec, DeviceRequirement.Any, status,
            new RunProgress(iteration, iteration * spec.TokensPerIteration, iteration * spec.TokensPerIteration, 12_345.6,
                iteration > 0 ? 2.5 : null, iteration > 0 ? 2.4 : null),
            iteration > 0 ? [new RunAttempt(1, "silo-a", "cpu0", At, 0, null, null)] : [], null, null, At, null);
    }

    public static ExperimentView Experiment(string id, string name, ExperimentStatus status, params RunView[] runs)
    {
        var request = new SweepRequest(name, SweepKind.Recipe, P0: 125_000, T0: 625_000);
        var plan = new SweepPlan(request, runs.Select(r => new PlannedRun(r.Key, r.Spec, r.Parameters, r.Spec.Shape.FlopsPerToken,
            r.Spec.Shape.FlopsPerToken * r.Spec.TotalTokens)).ToList(), ["chose d=64 L=2: T/P = 4.9"]);
        var summary = new ExperimentSummary(id, name, SweepKind.Recipe, status, runs.Length,
            runs.Count(r => r.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled), At);
        return new ExperimentView(summary, plan, runs, null);
    }

    public static IReadOnlyList<CurvePoint> Curve(params long[] iterations) =>
        iterations.Select(i => new CurvePoint(i, i * 2048, i * 2048 * 1.5e6, 3.0 / Math.Log(i + 2), 3.1 / Math.Log(i + 2), 1e-3, i * 0.1, 20_480)).ToList();
}
