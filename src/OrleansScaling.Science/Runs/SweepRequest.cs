using OrleansScaling.Science.Analysis.Stopping;

namespace OrleansScaling.Science.Runs;

/// <summary>The sweeps the planner knows.</summary>
public enum SweepKind
{
    /// <summary>One run at the planner's chosen point (T/P closest to the target ratio).</summary>
    Recipe,
    /// <summary>k shapes along PT = const, ratios log-spaced, to find the optimum empirically; one profile per budget of flopsBudgets.</summary>
    IsoFlop,
    /// <summary>The paper's Table 2: per size S, SD, M(E), MD(E) for each E.</summary>
    PaperComparison,
    /// <summary>Sizes × token budgets: one run per width of dModels (at depth layers) and training-token count of tokenBudgets (Chinchilla's approaches 1 and 3).</summary>
    Grid,
}

/// <summary>Where a run may execute.</summary>
public enum DeviceRequirement { Any, Cpu, Gpu }

/// <summary>
/// A sweep as a user asks for it (dashboard form, sweep file, POST /api/sweeps). Budget as P0 and T0,
/// or as FLOPs (then P0·T0 = FLOPs / 6); an IsoFLOP sweep may list several FLOP budgets (FlopsBudgets), a grid its
/// training-token budgets (TokenBudgets). Unset sizes let the planner choose. Schedule, CooldownFraction and
/// CooldownShape go into every run's spec; Branching (WSD only, isoFlop and grid) plans one trunk per size to its
/// largest token count and one cooldown branch per smaller count. EarlyStopping (opt-in, null = off) lets the experiment
/// stop runs whose outcome is already clear (<see cref="Analysis.Stopping.EarlyStopping"/>).
/// </summary>
public sealed record SweepRequest(
    string Name,
    SweepKind Kind,
    double? P0 = null,
    double? T0 = null,
    double? FlopsBudget = null,
    double TargetRatio = 5.0,
    int BatchSize = 16,
    int Context = 128,
    string Corpus = "bundled",
    IReadOnlyList<int>? Seeds = null,
    IReadOnlyList<int>? DModels = null,
    int Layers = 4,
    IReadOnlyList<int>? EpochsList = null,
    double Dropout = 0.1,
    int Iterations = 0,
    int IsoFlopPoints = 5,
    double LearningRate = 1e-3,
    int WarmupIterations = 100,
    TokenizerKind Tokenizer = TokenizerKind.Byte,
    DeviceRequirement Device = DeviceRequirement.Any,
    Precision Precision = Precision.Fp32,
    LearningRateSchedule Schedule = LearningRateSchedule.Constant,
    double CooldownFraction = RunSpec.DefaultCooldownFraction,
    CooldownShape CooldownShape = CooldownShape.Sqrt,
    bool Branching = false,
    IReadOnlyList<double>? FlopsBudgets = null,
    IReadOnlyList<double>? TokenBudgets = null,
    EarlyStoppingSettings? EarlyStopping = null);
