using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Dashboard.Tests.Fakes;

/// <summary>
/// A WSD trunk of 1,000 iterations (finished) with two cooldown branches: "short" to 500 forked at 400 (finished) and
/// "mid" to 800 forked at 640, running at 700. Branch curves hold the trunk's points to the fork (identical), then their
/// own, as the run grain serves them; progress counts from iteration 0. Wall time: 0.1 s per iteration on every run.
/// </summary>
public static class BranchingExperiment
{
    public const string Id = "exp-branching";
    public static readonly RunSpec Spec = new(new ModelShape(64, 2, 1, 128, 256), 16, 1000, Schedule: LearningRateSchedule.Wsd);
    public static double FlopsPerIteration => Spec.TokensPerIteration * Spec.Shape.FlopsPerToken;

    public static RunView Trunk => Run("d64-L2-S-wsd-I1000-seed1", 1000, RunStatus.Succeeded, 1000);
    public static RunView Short => Run("d64-L2-S-wsd-I500-seed1", 500, RunStatus.Succeeded, 500, Trunk.RunId, 400);
    public static RunView Mid => Run("d64-L2-S-wsd-I800-seed1", 800, RunStatus.Running, 700, Trunk.RunId, 640);
    public static IReadOnlyList<RunView> Runs => [Trunk, Short, Mid];

    public static IReadOnlyDictionary<string, List<CurvePoint>> Curves()
    {
        var trunk = FakeViews.Curve(10, 1000, tokensPerIteration: Spec.TokensPerIteration, flopsPerToken: Spec.Shape.FlopsPerToken);
        // A branch's own points: its cooldown takes the loss 5% below the trunk's at the same iteration.
        List<CurvePoint> Branch(long fork, long to) =>
            [.. trunk.Where(p => p.Iteration <= fork), .. trunk.Where(p => p.Iteration > fork && p.Iteration <= to).Select(p => p with { TestLoss = 0.95 * p.TestLoss })];
        return new Dictionary<string, List<CurvePoint>>
        {
            [Trunk.RunId] = trunk,
            [Short.RunId] = Branch(400, 500),
            [Mid.RunId] = Branch(640, 700),
        };
    }

    public static void AddTo(FakeScalingClient cluster)
    {
        var request = new SweepRequest("branching grid", SweepKind.Grid, DModels: [64], Layers: 2,
            TokenBudgets: [Spec.TokensPerIteration * 500.0, Spec.TokensPerIteration * 800.0, Spec.TokensPerIteration * 1000.0],
            Schedule: LearningRateSchedule.Wsd, Branching: true);
        var summary = new ExperimentSummary(Id, request.Name, request.Kind, ExperimentStatus.Running, 3, 2, DateTimeOffset.UtcNow);
        cluster.Add(new ExperimentView(summary, new SweepPlan(request, [], []), Runs, null), Curves());
    }

    private static RunView Run(string key, int iterations, RunStatus status, long at, string? parent = null, long? fork = null) => new(
        RunId: $"{Id}-{key}", ExperimentId: Id, Key: key, Spec: Spec with { Iterations = iterations }, Device: DeviceRequirement.Any,
        Status: status, Progress: new RunProgress(at, at * Spec.TokensPerIteration, at * Spec.TokensPerIteration, 20_000, null, null),
        Attempts: [], LastCheckpoint: null, FailureReason: null, CreatedAt: DateTimeOffset.UtcNow, FinishedAt: null,
        ParentRunId: parent, ForkIteration: fork);
}
