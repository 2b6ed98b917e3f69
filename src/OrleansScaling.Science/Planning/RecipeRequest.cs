namespace OrleansScaling.Science.Planning;

/// <summary>
/// The recipe planner's input: a budget P0·T0 (parameters × tokens), the target ratio r = T/P,
/// c tokens per iteration (batch × context), the vocabulary and context that fix the parameter count,
/// the allowed shapes, how far P·T may stray from P0·T0 (a fraction), and optionally a measured
/// throughput in tokens per second for wall-time estimates.
/// </summary>
public sealed record RecipeRequest(
    double P0,
    double T0,
    long TokensPerIteration,
    int Vocab = 256,
    int Context = 128,
    double TargetRatio = 5.0,
    double BudgetTolerance = 0.02,
    ShapeSpace? Shapes = null,
    double? TokensPerSecond = null,
    int MaxCandidates = 10);
