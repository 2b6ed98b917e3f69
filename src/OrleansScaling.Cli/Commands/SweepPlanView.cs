using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Commands;

/// <summary>One planned run as `osc plan --sweep` prints it.</summary>
public sealed record PlannedRunView(
    string Key,
    string? ParentKey,
    long? ForkIteration,
    int DModel,
    int Layers,
    int Heads,
    int Context,
    int Vocab,
    long Params,
    int Iterations,
    long Tokens,
    double Flops,
    double FlopsWithoutBranching,
    LearningRateSchedule Schedule,
    double? CooldownFraction,
    CooldownShape? CooldownShape,
    string Regime,
    int Seed);

/// <summary>
/// `osc plan --sweep --json`: the sweep's runs, its training FLOPs as planned (each iteration once: a branch counts from
/// its fork) and without branching (every run from the start), their ratio, and the planner's notes.
/// </summary>
public sealed record SweepPlanView(
    string Name,
    SweepKind Kind,
    LearningRateSchedule Schedule,
    bool Branching,
    int Trunks,
    int Branches,
    double Flops,
    double FlopsWithoutBranching,
    double BranchingRatio,
    IReadOnlyList<PlannedRunView> Runs,
    IReadOnlyList<string> Notes)
{
    public static SweepPlanView From(SweepPlan plan) => new(
        plan.Request.Name, plan.Request.Kind, plan.Request.Schedule, plan.Request.Branching, plan.Trunks, plan.Branches,
        plan.Flops, plan.FlopsWithoutBranching, plan.BranchingRatio,
        plan.Runs.Select(r =>
        {
            var s = r.Spec;
            var wsd = s.Schedule == LearningRateSchedule.Wsd;
            return new PlannedRunView(r.Key, r.ParentKey, r.ForkIteration, s.Shape.DModel, s.Shape.Layers, s.Shape.Heads,
                s.Shape.Context, s.Shape.Vocab, r.Parameters, s.Iterations, s.TotalTokens, r.PlannedFlops, r.TotalFlops, s.Schedule,
                wsd ? s.CooldownFraction : null, wsd ? s.CooldownShape : null, s.Regime, s.Seed);
        }).ToList(),
        plan.Notes);
}
