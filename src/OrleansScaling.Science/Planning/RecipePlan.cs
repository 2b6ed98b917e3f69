namespace OrleansScaling.Science.Planning;

// Property names are the public JSON contract of `osc plan --json` (camelCase): see docs/cli.md.

/// <summary>
/// One concrete choice: a shape (d, L, heads) with its exact parameter count, I iterations giving T = c·I tokens,
/// its ratio T/P, its budget error P·T/(P0·T0) − 1, training FLOPs (engine formula) and, when a throughput was
/// given, the estimated wall time in seconds.
/// </summary>
public sealed record PlanCandidate(
    int DModel,
    int Layers,
    int Heads,
    long Params,
    long Iterations,
    long Tokens,
    double Ratio,
    double BudgetError,
    double FlopsPerToken,
    double Flops,
    double? EstimatedWallSeconds);

/// <summary>
/// The continuous optimum P* = sqrt(P0·T0/r), T* = sqrt(r·P0·T0) for Budget = P0·T0, the chosen shape and
/// the ranked feasible candidates (closest ratio first), the first being the chosen one.
/// </summary>
public sealed record RecipePlan(
    double TargetParams,
    double TargetTokens,
    double Budget,
    double TargetRatio,
    double BudgetTolerance,
    long TokensPerIteration,
    PlanCandidate Chosen,
    IReadOnlyList<PlanCandidate> Candidates);
