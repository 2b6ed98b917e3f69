using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Runs;

/// <summary>
/// One run as the compute count sees it: its spec, the trunk iteration it forks from (null for a trunk or an ordinary
/// run), the iterations it has trained so far counted from 0 (a branch's include its trunk's, as its progress does),
/// and optionally its curve (for wall time: a branch's curve holds its trunk's points up to the fork).
/// </summary>
public sealed record BranchComputeRun(RunSpec Spec, long? ForkIteration, long Iterations, IReadOnlyCollection<CurvePoint>? Curve = null);

/// <summary>
/// What a set of runs spent, counted once where it was spent, against what the same runs would have cost trained
/// independently from iteration 0. Wall seconds are summed over the <see cref="WallRuns"/> runs whose curve has them.
/// </summary>
public sealed record BranchComputeResult(
    double FlopsUsed,
    double FlopsIndependent,
    long TokensUsed,
    long TokensIndependent,
    double WallSecondsUsed,
    double WallSecondsIndependent,
    int WallRuns,
    int Runs,
    int Branches)
{
    /// <summary>1 − used / independent: the share of the independent runs' FLOPs that branching did not spend; 0 before anything trained.</summary>
    public double SavedFraction => FlopsIndependent > 0 && double.IsFinite(FlopsIndependent) ? 1 - FlopsUsed / FlopsIndependent : 0;

    /// <summary>The same for wall time; 0 without any wall time.</summary>
    public double WallSavedFraction => WallSecondsIndependent > 0 && double.IsFinite(WallSecondsIndependent) ? 1 - WallSecondsUsed / WallSecondsIndependent : 0;

    /// <summary>
    /// The line the dashboard and `osc experiments show` print, one text for both: "branching: 7.30e15 FLOPs used of
    /// 1.20e16 FLOPs independent, 39 % saved (2 branches among 3 runs, iterations trained so far); wall time 4.1 min
    /// used of 6.8 min independent (3 runs)". The wall part only where some run's curve has wall times.
    /// </summary>
    public string Line()
    {
        var text = Invariant($"branching: {Flops(FlopsUsed)} used of {Flops(FlopsIndependent)} independent, {Percent(SavedFraction)} saved ") +
                   Invariant($"({Branches} {(Branches == 1 ? "branch" : "branches")} among {Runs} runs, iterations trained so far)");
        if (WallRuns > 0)
            text += Invariant($"; wall time {Duration(WallSecondsUsed)} used of {Duration(WallSecondsIndependent)} independent ({WallRuns} {(WallRuns == 1 ? "run" : "runs")})");
        return text;
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static string Flops(double flops) => double.IsFinite(flops) ? Invariant($"{flops:0.00e0} FLOPs") : "-";
    private static string Percent(double fraction) => double.IsFinite(fraction) ? Invariant($"{100 * fraction:0} %") : "-";

    private static string Duration(double seconds) => !double.IsFinite(seconds) || seconds < 0 ? "-" : seconds switch
    {
        < 120 => Invariant($"{seconds:0} s"),
        < 7200 => Invariant($"{seconds / 60:0.0} min"),
        _ => Invariant($"{seconds / 3600:0.0} h"),
    };
}

/// <summary>
/// The one count of compute for runs that branch (issue 19): tokens, FLOPs and wall time counted once, where they were
/// spent. A trunk and an ordinary run spend all their own iterations; a cooldown branch only those after its fork
/// ((I − fork)·tokens per iteration·FLOPs per token), since the ones before it are its trunk's. Trained independently,
/// every run would spend all of its I iterations. The dashboard, `osc experiments show` and the plan's own count
/// (<see cref="PlannedRun.PlannedFlops"/> at I = the horizon) agree with it.
/// </summary>
public static class BranchCompute
{
    public static BranchComputeResult Count(IEnumerable<BranchComputeRun> runs)
    {
        double flopsUsed = 0, flopsIndependent = 0, wallUsed = 0, wallIndependent = 0;
        long tokensUsed = 0, tokensIndependent = 0;
        int count = 0, branches = 0, wallRuns = 0;
        foreach (var run in runs)
        {
            count++;
            var trained = Math.Max(run.Iterations, 0);
            var own = OwnIterations(trained, run.ForkIteration);
            if (run.ForkIteration is not null) branches++;
            double flopsPerIteration = run.Spec.TokensPerIteration * run.Spec.Shape.FlopsPerToken;
            if (double.IsFinite(flopsPerIteration))
            {
                flopsUsed += own * flopsPerIteration;
                flopsIndependent += trained * flopsPerIteration;
            }
            tokensUsed += own * run.Spec.TokensPerIteration;
            tokensIndependent += trained * run.Spec.TokensPerIteration;
            if (Wall(run, trained) is var (used, independent))
            {
                wallUsed += used;
                wallIndependent += independent;
                wallRuns++;
            }
        }
        return new BranchComputeResult(
            FlopsUsed: flopsUsed, FlopsIndependent: flopsIndependent, TokensUsed: tokensUsed, TokensIndependent: tokensIndependent,
            WallSecondsUsed: wallUsed, WallSecondsIndependent: wallIndependent, WallRuns: wallRuns, Runs: count, Branches: branches);
    }

    /// <summary>The iterations a run trained itself: all of them, or for a branch those after its fork (none before it starts).</summary>
    public static long OwnIterations(long iterations, long? forkIteration) =>
        Math.Max(iterations - Math.Max(forkIteration ?? 0, 0), 0);

    /// <summary>
    /// (own, independent) wall seconds from the run's curve: the last point's wall time is the whole road from
    /// iteration 0 (a branch resumes its trunk's clock at the fork); a branch spent only what came after the point at
    /// its fork (the trunk's wall time there). Null without a finite last wall time or, for a branch, a point at or
    /// before its fork; nothing spent before the run trained an iteration.
    /// </summary>
    private static (double Own, double Independent)? Wall(BranchComputeRun run, long trained)
    {
        if (run.Curve is not { Count: > 0 } curve) return null;
        if (trained == 0) return (0, 0); // not started: a branch's curve may already show its trunk's points
        var last = curve.Where(p => double.IsFinite(p.WallSeconds)).MaxBy(p => p.Iteration);
        if (last is null) return null;
        if (run.ForkIteration is not { } fork) return (Math.Max(last.WallSeconds, 0), Math.Max(last.WallSeconds, 0));
        var atFork = curve.Where(p => p.Iteration <= fork && double.IsFinite(p.WallSeconds)).MaxBy(p => p.Iteration);
        if (atFork is null) return null;
        return (Math.Max(last.WallSeconds - atFork.WallSeconds, 0), Math.Max(last.WallSeconds, 0));
    }
}
