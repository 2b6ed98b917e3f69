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
/// Analyses are Science's <see cref="AnalysisPipeline"/> over the succeeded runs, carried as a JSON-serialized
/// science record; null until a run has succeeded.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentView(
    [property: Id(0)] ExperimentSummary Summary,
    [property: Id(1)] SweepPlan Plan,
    [property: Id(2)] IReadOnlyList<RunView> Runs,
    [property: Id(3)] ExperimentAnalyses? Analyses);

/// <summary>What an experiment subscriber receives.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentUpdate(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] RunUpdate? Run,
    [property: Id(2)] ExperimentSummary Summary);
