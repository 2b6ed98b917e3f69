using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Tests.Fakes;

/// <summary>Views and curves as the grains would return them.</summary>
public static class FakeViews
{
    public static RunView Run(string experimentId, PlannedRun planned, RunStatus status = RunStatus.Queued) => new(
        $"{experimentId}-{planned.Key}", experimentId, planned.Key, planned.Spec, DeviceRequirement.Any, status,
        new RunProgress(0, 0, 0, 0, null, null), [], null, null, DateTimeOffset.UtcNow, null);

    public static ExperimentSummary Summary(string id, SweepRequest request, IReadOnlyList<RunView> runs) =>
        new(id, request.Name, request.Kind, ExperimentStatus.Running, runs.Count, 0, DateTimeOffset.UtcNow);

    /// <summary>A power-law curve L = 6·I^(−0.3), one point every <paramref name="every"/> iterations.</summary>
    public static List<CurvePoint> Curve(long from, long to, long every = 10, long tokensPerIteration = 2048, double flopsPerToken = 5e6) =>
        Enumerable.Range(0, (int)((to - from) / every) + 1).Select(i => from + i * every).Where(i => i > 0)
            .Select(i => new CurvePoint(i, i * tokensPerIteration, i * tokensPerIteration * flopsPerToken,
                6 * Math.Pow(i, -0.3) + 0.01, 6 * Math.Pow(i, -0.3), 1e-3, i * 0.1, 6900)).ToList();
}
