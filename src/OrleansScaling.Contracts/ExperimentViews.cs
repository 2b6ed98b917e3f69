using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Contracts;

public enum ExperimentStatus { Running, Succeeded, Failed, Cancelled }

/// <summary>One line of an experiment list.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentSummary(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepKind Kind,
    [property: Id(3)] ExperimentStatus Status,
    [property: Id(4)] int Runs,
    [property: Id(5)] int RunsFinished,
    [property: Id(6)] DateTimeOffset CreatedAt);

/// <summary>
/// A launched sweep: its plan, its runs' latest snapshots and the analyses recomputed as runs finish.
/// Analyses are the Science results (speedup table, power-law fits, frontier), carried as JSON-serialized
/// science records; null until enough runs have finished.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentView(
    [property: Id(0)] ExperimentSummary Summary,
    [property: Id(1)] SweepPlan Plan,
    [property: Id(2)] IReadOnlyList<RunView> Runs,
    [property: Id(3)] ExperimentAnalyses? Analyses);

/// <summary>One cell of the Table 2 analog: S against M(E) (or SD against MD(E)) for one size and seed.</summary>
[GenerateSerializer, Immutable]
public sealed record SpeedupRow(
    [property: Id(0)] int DModel,
    [property: Id(1)] long Params,
    [property: Id(2)] int Epochs,
    [property: Id(3)] double Dropout,
    [property: Id(4)] int Seed,
    [property: Id(5)] SpeedupResult Result,
    [property: Id(6)] string? SingleEpochKey = null,
    [property: Id(7)] string? MultiEpochKey = null,
    [property: Id(8)] double?[]? CellInterval = null);

/// <summary>
/// A power-law fit of one run's test loss against iterations, with the 95% intervals of its exponent and coefficient
/// and its pointwise 95% band as rows [iteration, lo, hi] (from the bootstrap's resampled fits).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PowerLawRow(
    [property: Id(0)] string RunId,
    [property: Id(1)] string Key,
    [property: Id(2)] PowerLawFit Fit,
    [property: Id(3)] double?[]? ExponentInterval = null,
    [property: Id(4)] double?[]? CoefficientInterval = null,
    [property: Id(5)] IReadOnlyList<double[]>? Band = null);

/// <summary>
/// The analyses an experiment keeps; each part is filled once its inputs exist. Notes say what could not be
/// computed yet and why (e.g. a curve too short for a power-law fit). IsoFlop, ComputeOptimal and Holdout are
/// Science's <see cref="ExperimentScaling"/>: IsoFLOP parabolas per budget, and with runs at two budgets or more the
/// parametric fit's compute-optimal line and the held-out check; FitsPending while those wait to be computed (they
/// follow once every run has finished).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentAnalyses(
    [property: Id(0)] DateTimeOffset ComputedAt,
    [property: Id(1)] IReadOnlyList<SpeedupRow> Speedups,
    [property: Id(2)] IReadOnlyList<PowerLawRow> PowerLaws,
    [property: Id(3)] FrontierResult? Frontier,
    [property: Id(4)] IReadOnlyList<string>? Notes = null,
    [property: Id(5)] IReadOnlyList<IsoFlopParabola>? IsoFlop = null,
    [property: Id(6)] ComputeOptimalLine? ComputeOptimal = null,
    [property: Id(7)] HeldOutCheck? Holdout = null,
    [property: Id(8)] bool FitsPending = false);

/// <summary>What an experiment subscriber receives.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentUpdate(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] RunUpdate? Run,
    [property: Id(2)] ExperimentSummary Summary);
