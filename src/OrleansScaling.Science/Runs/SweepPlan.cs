namespace OrleansScaling.Science.Runs;

/// <summary>One run of a plan, with a stable key within the sweep (e.g. "d128-S-seed1").</summary>
public sealed record PlannedRun(string Key, RunSpec Spec, long Parameters, double FlopsPerToken, double TotalFlops);

/// <summary>What the planner turns a sweep request into: the runs and the notes that explain the choice.</summary>
public sealed record SweepPlan(SweepRequest Request, IReadOnlyList<PlannedRun> Runs, IReadOnlyList<string> Notes);
