namespace OrleansScaling.Science.Runs;

/// <summary>
/// One run of a plan, with a stable key within the sweep (e.g. "d128-L4-S-seed1"). A cooldown branch names its trunk
/// (<see cref="ParentKey"/>) and the trunk iteration it starts from (<see cref="ForkIteration"/>); both are null for a
/// trunk or an ordinary run. <see cref="TotalFlops"/> is the run's whole horizon, as if trained alone.
/// </summary>
public sealed record PlannedRun(string Key, RunSpec Spec, long Parameters, double FlopsPerToken, double TotalFlops,
    string? ParentKey = null, long? ForkIteration = null)
{
    /// <summary>The FLOPs this run trains itself: its whole horizon, or for a branch only the iterations after its fork.</summary>
    public double PlannedFlops => ForkIteration is { } fork
        ? FlopsPerToken * Spec.TokensPerIteration * BranchCompute.OwnIterations(Spec.Iterations, fork)
        : TotalFlops;
}

/// <summary>What the planner turns a sweep request into: the runs and the notes that explain the choice.</summary>
public sealed record SweepPlan(SweepRequest Request, IReadOnlyList<PlannedRun> Runs, IReadOnlyList<string> Notes)
{
    /// <summary>The sweep's training FLOPs as planned, each iteration counted once (a branch counts from its fork).</summary>
    public double Flops => Runs.Sum(r => r.PlannedFlops);

    /// <summary>The training FLOPs if every run trained on its own from the start.</summary>
    public double FlopsWithoutBranching => Runs.Sum(r => r.TotalFlops);

    /// <summary><see cref="Flops"/> / <see cref="FlopsWithoutBranching"/>: 1 without branching.</summary>
    public double BranchingRatio => FlopsWithoutBranching > 0 ? Flops / FlopsWithoutBranching : 1;

    /// <summary>Runs that other runs branch from.</summary>
    public int Trunks => Runs.Where(r => r.ParentKey is not null).Select(r => r.ParentKey).Distinct().Count();

    /// <summary>Runs that start from a trunk's checkpoint.</summary>
    public int Branches => Runs.Count(r => r.ParentKey is not null);
}
