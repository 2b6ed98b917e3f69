namespace OrleansScaling.Science.Runs;

/// <summary>
/// The one rule for cooldown branches (issue 19): when a run may start from another run's checkpoint. A branch is a
/// WSD run of horizon I that forks from a longer WSD trunk at its own cooldown start F = round((1 − f)·I): up to F the
/// two train alike — the same rates (warmup, then the peak), the same windows (a one-epoch run's windows are a prefix of
/// one seeded permutation, whatever its length), the same random state — so the trunk's exact state at F is the
/// branch's, and the branch trains only its cooldown. Its numbers then equal those of the same WSD run trained alone
/// from iteration 0.
/// </summary>
public static class Branching
{
    /// <summary>The trunk iteration a branch of <paramref name="branch"/>'s horizon starts from: its own cooldown start.</summary>
    public static long ForkIteration(RunSpec branch) => LearningRateSchedules.ForkIteration(branch.Iterations, branch.CooldownFraction);

    /// <summary>
    /// Whether <paramref name="branch"/> may start from <paramref name="trunk"/>'s state: both WSD, one epoch, the trunk
    /// at least as long, and nothing else different but the horizon and the number of evaluations (which change what is
    /// measured, not what is trained).
    /// </summary>
    public static bool CanStartFrom(RunSpec branch, RunSpec trunk) =>
        branch.Schedule == LearningRateSchedule.Wsd && branch.Epochs == 1 && trunk.Iterations >= branch.Iterations &&
        branch with { Iterations = trunk.Iterations, Evaluations = trunk.Evaluations } == trunk;
}
