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
}

/// <summary>
/// One run of a sweep as the policy sees it at some moment: its spec, its curve so far, whether it has ended, and
/// the latest forecast of its final test loss (null when there is none yet).
/// </summary>
public sealed record RunSoFar(string Key, RunSpec Spec, IReadOnlyList<CurvePoint> Curve, bool Finished, RunForecast? Forecast);

/// <summary>Stop the run <see cref="Key"/> now, for <see cref="Reason"/> (one line a user reads), with the forecast the decision rested on.</summary>
public sealed record StopDecision(string Key, string Reason, RunForecast? Forecast);

/// <summary>
/// The one early-stopping rule, pure: given every run of a sweep as it stands, which running runs to stop now. The
/// experiment grain calls it as updates arrive; <c>osc sweep replay</c> calls it over exported curves as if they were
/// arriving live. Runs already finished, or already stopped, are never returned.
/// </summary>
public static class EarlyStopping
{
    public static IReadOnlyList<StopDecision> Decide(IReadOnlyList<RunSoFar> runs, EarlyStoppingSettings settings) =>
        throw new NotImplementedException("the frontier policy lands with issue 20's early stopping (branch stop-science)");
}
