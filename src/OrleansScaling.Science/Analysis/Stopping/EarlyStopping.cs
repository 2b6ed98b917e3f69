using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Analysis.Stopping;

/// <summary>
/// A sweep's opt-in early stopping, as sweep files and the API spell it: <c>"earlyStopping": {"policy": "frontier",
/// "minFraction": 0.3}</c>. No run is stopped before it has trained <see cref="MinFraction"/> of its iterations.
/// </summary>
public sealed record EarlyStoppingSettings(string Policy = EarlyStoppingSettings.Frontier, double MinFraction = 0.3)
{
    /// <summary>The one policy there is: IsoFLOP and grid runs off the compute frontier, M(E)/MD(E) runs past their best.</summary>
    public const string Frontier = "frontier";

    /// <summary>Throws naming the field (<c>earlyStopping.policy</c>, <c>earlyStopping.minFraction</c>) when a setting is not one the policy takes.</summary>
    public void Check()
    {
        if (Policy != Frontier)
            throw new ArgumentException($"earlyStopping.policy '{Policy}' is unknown: the one policy is \"{Frontier}\".", "earlyStopping.policy");
        if (!(MinFraction is >= 0 and <= 1))
            throw new ArgumentException($"earlyStopping.minFraction {MinFraction} is not a fraction: give a number from 0 to 1 (0.3: no run stops before 30% of its iterations).", "earlyStopping.minFraction");
    }
}

/// <summary>
/// One run of a sweep as the policy sees it at some moment: its spec, its curve so far, whether it has ended, and
/// the latest forecast of its final test loss (null when there is none yet). A run that has ended before its last
/// iteration (<see cref="Finished"/> with a curve short of <see cref="RunSpec.Iterations"/>) was stopped early: its
/// forecast, when it has one, stands in for its final loss; without one (a diverged run) it is left out.
/// </summary>
public sealed record RunSoFar(string Key, RunSpec Spec, IReadOnlyList<CurvePoint> Curve, bool Finished, RunForecast? Forecast);

/// <summary>Stop the run <see cref="Key"/> now, for <see cref="Reason"/> (one line a user reads), with the forecast the decision rested on.</summary>
public sealed record StopDecision(string Key, string Reason, RunForecast? Forecast);

/// <summary>
/// The one early-stopping rule, pure: given every run of a sweep as it stands, which running runs to stop now. The
/// experiment grain calls it as updates arrive; <c>osc sweep replay</c> calls it over exported curves as if they were
/// arriving live. Runs already finished, or already stopped, are never returned. No run is stopped before it has
/// trained <see cref="EarlyStoppingSettings.MinFraction"/> of its iterations. Two rules (docs/science.md, "Early stopping"):
/// <list type="bullet">
/// <item>Scaling runs (one epoch, no dropout: IsoFLOP profiles and grids), <see cref="FrontierRule"/>: stopped when the
/// lower end of the forecast's 95% interval lies more than <see cref="FrontierMargin"/> above the best final loss at its
/// budget, while each IsoFLOP budget keeps <see cref="KeepPerBudget"/> runs or more, on both sides of its best.</item>
/// <item>M(E)/MD(E) runs (Epochs &gt; 1), <see cref="OverfitRule"/>: stopped once each of its last
/// <see cref="OverfitEvaluations"/> evaluations lies more than <see cref="NoiseMultiple"/> evaluation-noise SDs above its best.</item>
/// </list>
/// The paper comparison's S and SD runs run to the end: SD runs are not scaling points, and an S run with an M(E) twin
/// in the sweep (same shape, seed, length, batch and corpus) is what that twin's speedup is measured against.
/// </summary>
public static class EarlyStopping
{
    /// <summary>
    /// Relative margin of the frontier rule: a run stops when its interval's lower end exceeds the best final loss at its
    /// budget by more than this fraction (1%: about 0.05 nats at 5 nats, above the 0.01–0.04 nats evaluation scatter).
    /// </summary>
    public const double FrontierMargin = 0.01;

    /// <summary>Runs an IsoFLOP budget keeps (not stopped): three sizes place a parabola's minimum.</summary>
    public const int KeepPerBudget = 3;

    /// <summary>Evaluations in a row, after its best, an M(E) run's test loss must sit above the noise band before it stops.</summary>
    public const int OverfitEvaluations = 3;

    /// <summary>The noise band above an M(E) run's best: this many SDs of its evaluation noise (<see cref="Bootstrap.FinalLossNoise"/>).</summary>
    public const double NoiseMultiple = 2.0;

    public static IReadOnlyList<StopDecision> Decide(IReadOnlyList<RunSoFar> runs, EarlyStoppingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(runs);
        settings.Check();
        var duplicate = runs.GroupBy(r => r.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"run key '{duplicate.Key}' appears twice: give each run once.", nameof(runs));
        return OverfitRule.Decide(runs, settings).Concat(FrontierRule.Decide(runs, settings))
            .OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>A running run (not finished, not stopped) that has trained at least the minimum fraction of its iterations.</summary>
    internal static bool Eligible(RunSoFar run, EarlyStoppingSettings settings) =>
        !run.Finished && run.Curve.Count > 0 && run.Curve[^1].Iteration >= settings.MinFraction * run.Spec.Iterations;

    /// <summary>Whether a finished run ended before its last iteration (stopped early, or diverged).</summary>
    internal static bool EndedShort(RunSoFar run) =>
        run.Finished && (run.Curve.Count == 0 || run.Curve[^1].Iteration < run.Spec.Iterations);

    internal static string Nats(double loss) => loss.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"2.4e12": FLOPs in reasons and decision names, three significant digits.</summary>
    internal static string Flops(double flops) => flops.ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture);
}
