using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis;

// What AnalysisPipeline returns: every analysis of a set of runs, with its intervals and notes. The experiment grain
// keeps it, the API and `osc --json` print it, `osc report` and the dashboard format it. Property names are the public
// JSON contract (camelCase): rename nothing without updating docs/cli.md and docs/api.md.

/// <summary>
/// One cell of the Table 2 analog: S against M(E), or SD against MD(E), for one size and seed. CellInterval is the 95%
/// interval of the cell's mean speedup over its seeds and CellBasis what it rests on. RiseAfterBest: how far M's test
/// loss ends above its best (nats); above <see cref="SpeedupAnalysis.OverfitMarginNats"/> M overfits.
/// </summary>
public sealed record SpeedupRow(
    int DModel,
    long Params,
    int Epochs,
    double Dropout,
    int Seed,
    SpeedupResult Result,
    string? SingleEpochKey = null,
    string? MultiEpochKey = null,
    double?[]? CellInterval = null,
    IntervalBasis? CellBasis = null,
    double? RiseAfterBest = null);

/// <summary>
/// A power-law fit of one run's test loss against iterations, with the 95% intervals of its exponent and coefficient
/// and its pointwise 95% band as rows [iteration, lo, hi] (from the bootstrap's resampled fits), and what they rest on.
/// </summary>
public sealed record PowerLawRow(
    string RunId,
    string Key,
    PowerLawFit Fit,
    double?[]? ExponentInterval = null,
    double?[]? CoefficientInterval = null,
    IReadOnlyList<double[]>? Band = null,
    IntervalBasis? Basis = null);

/// <summary>
/// Dropout on the one-epoch curve: SD against the S run of the same size and seed (null S fields: no such S run).
/// SecondHalfAbove of SecondHalfPaired evaluations in the second half of training have SD above S; SingleReachesAt: the
/// iteration at which S reaches SD's final loss (null: never).
/// </summary>
public sealed record DropoutRow(
    int DModel,
    long Params,
    int Seed,
    string DropoutKey,
    double DropoutFinalLoss,
    string? SingleEpochKey,
    double? SingleFinalLoss,
    int SecondHalfAbove,
    int SecondHalfPaired,
    double? SingleReachesAt,
    long DropoutLastIteration);

/// <summary>With parabolas at two budgets or more: N* ∝ C^ParamsExponent and D* ∝ C^TokensExponent, over Budgets parabolas.</summary>
public sealed record IsoFlopTrend(double ParamsExponent, double TokensExponent, int Budgets);

/// <summary>
/// The analyses of a set of runs (an experiment, an export, a study of several exports). Each part is filled once its
/// inputs exist; Notes say what could not be computed and why. FitsPending: the runs call for the parametric fits but
/// they were not asked for yet (the experiment grain computes them once every run has finished). ComputedAt is set by
/// the caller that keeps the analyses (the pipeline is a pure function of runs and settings).
/// </summary>
public sealed record ExperimentAnalyses(
    DateTimeOffset ComputedAt,
    IReadOnlyList<SpeedupRow> Speedups,
    IReadOnlyList<PowerLawRow> PowerLaws,
    FrontierResult? Frontier,
    IReadOnlyList<string>? Notes = null,
    IReadOnlyList<IsoFlopParabola>? IsoFlop = null,
    ComputeOptimalLine? ComputeOptimal = null,
    HeldOutCheck? Holdout = null,
    bool FitsPending = false)
{
    /// <summary>How many runs were analysed (succeeded runs with a curve).</summary>
    public int Runs { get; init; }

    /// <summary>The settings the analyses were computed with (resamples and seed of every interval).</summary>
    public AnalysisSettings? Settings { get; init; }

    public IReadOnlyList<DropoutRow>? Dropout { get; init; }

    public IsoFlopTrend? IsoFlopTrend { get; init; }

    /// <summary>The planner checked at each IsoFLOP budget: its T/P ≈ 5 choice against the parabola and the best run.</summary>
    public IReadOnlyList<PlannerCheck>? PlannerChecks { get; init; }
}
