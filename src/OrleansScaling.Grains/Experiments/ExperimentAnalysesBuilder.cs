using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Experiments;

/// <summary>Turns an experiment's finished runs into its analyses with the science core.</summary>
internal static class ExperimentAnalysesBuilder
{
    // PENDING: the science core's ExperimentAnalyzer (branch science) is not committed yet; until it is, experiments
    // keep no analyses (null, which the views already allow).
    public static ExperimentAnalyses? Build(SweepPlan plan, IReadOnlyList<(RunView Run, IReadOnlyList<CurvePoint> Curve)> finishedRuns,
        DateTimeOffset now) => null;
}
