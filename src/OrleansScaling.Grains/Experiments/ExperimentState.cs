using System.Collections.Immutable;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Experiments;

/// <summary>An experiment's persistent state: its plan, its runs (in plan order) and the latest analyses.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentState(
    [property: Id(0)] SweepPlan? Plan,
    [property: Id(1)] ImmutableList<string> RunIds,
    [property: Id(2)] DateTimeOffset CreatedAt,
    // Id(3) held the analyses before they became Science's AnalysisPipeline result: an old state file skips it, and
    // the analyses are computed again on activation.
    [property: Id(5)] ExperimentAnalyses? Analyses,
    [property: Id(4)] ImmutableHashSet<string> FinishedRunIds)
{
    public ExperimentState() : this(null, [], default, null, []) { }

    public bool Exists => Plan is not null;

    /// <summary>A run's id: the experiment's id and the plan's key for it ("exp-…-d128-S-seed1").</summary>
    public static string RunIdOf(string experimentId, PlannedRun run) => $"{experimentId}-{run.Key}";
}
