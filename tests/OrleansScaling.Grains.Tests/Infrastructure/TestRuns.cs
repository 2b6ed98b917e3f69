using OrleansScaling.Contracts;
using OrleansScaling.Grains.Experiments;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Grains.Tests.Infrastructure;

/// <summary>Builds experiments straight from a hand-made plan (no planner), and waits for runs to reach a state.</summary>
public static class TestRuns
{
    private static int _nextSeed = 1000;

    /// <summary>A seed no other test uses: the fake trainer tells runs apart by it.</summary>
    public static int NewSeed() => Interlocked.Increment(ref _nextSeed);

    public static RunSpec Spec(int seed, int iterations = 200, int evaluations = 20, int checkpointEvery = 50) =>
        new(new ModelShape(64, 2, 2, 32, 256), BatchSize: 4, Iterations: iterations, Seed: seed,
            Evaluations: evaluations, CheckpointEvery: checkpointEvery);

    public static string NewExperimentId() => $"exp-test-{Guid.NewGuid():N}";

    /// <summary>The id the run of <paramref name="spec"/> gets in experiment <paramref name="experimentId"/>.</summary>
    public static string RunIdOf(string experimentId, RunSpec spec) => $"{experimentId}-seed{spec.Seed}";

    /// <summary>Creates an experiment whose runs are <paramref name="specs"/>; returns its id and the run ids.</summary>
    public static Task<(string ExperimentId, IReadOnlyList<string> RunIds)> Create(
        IGrainFactory grains, DeviceRequirement device, params RunSpec[] specs) => Create(grains, NewExperimentId(), device, specs);

    public static async Task<(string ExperimentId, IReadOnlyList<string> RunIds)> Create(
        IGrainFactory grains, string experimentId, DeviceRequirement device, params RunSpec[] specs)
    {
        var request = new SweepRequest($"test-{Guid.NewGuid():N}", SweepKind.Recipe, Device: device);
        var plan = new SweepPlan(request, specs.Select(s => new PlannedRun($"seed{s.Seed}", s, s.Shape.Parameters, 1, 1)).ToList(), []);
        await grains.GetGrain<IExperimentRunsGrain>(experimentId).Create(plan, DateTimeOffset.UtcNow);
        return (experimentId, plan.Runs.Select(r => ExperimentState.RunIdOf(experimentId, r)).ToList());
    }

    /// <summary>Polls the run (no event exists for "the run reached this state" on the test's side) until it holds, or fails after 20 s.</summary>
    public static async Task<RunView> WaitFor(IGrainFactory grains, string runId, Func<RunView, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        RunView? view = null;
        while (DateTime.UtcNow < deadline)
        {
            view = await grains.GetGrain<ITrainingRunGrain>(runId).GetView();
            if (view is not null && condition(view)) return view;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Run {runId} did not reach '{what}' within 20 s; last: {view?.Status}, " +
            $"attempts: {string.Join(" | ", view?.Attempts.Select(a => $"{a.Number}@{a.Silo}/{a.Slot}: {a.EndReason}") ?? [])}");
    }

    public static Task<RunView> WaitForStatus(IGrainFactory grains, string runId, RunStatus status) =>
        WaitFor(grains, runId, v => v.Status == status, status.ToString());
}
