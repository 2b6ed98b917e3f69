using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Contracts;

/// <summary>Run views into Science's one compute count (<see cref="BranchCompute"/>), for the dashboard and `osc experiments show` alike.</summary>
public static class BranchComputeViews
{
    /// <summary>
    /// Each run as far as it has trained (its progress counts from iteration 0, a branch's including its trunk's) with
    /// its fork; <paramref name="curve"/>, where given, supplies the wall times.
    /// </summary>
    public static BranchComputeResult Count(IEnumerable<RunView> runs, Func<string, IReadOnlyCollection<CurvePoint>?>? curve = null) =>
        BranchCompute.Count(runs.Select(r => new BranchComputeRun(r.Spec, r.ForkIteration, r.Progress.Iteration, curve?.Invoke(r.RunId))));

    /// <summary>Whether any of the runs is a cooldown branch: the compute line is shown only then.</summary>
    public static bool HasBranches(this IEnumerable<RunView> runs) => runs.Any(r => r.ForkIteration is not null);
}
