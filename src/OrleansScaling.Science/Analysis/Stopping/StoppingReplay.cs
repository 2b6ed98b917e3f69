using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Analysis.Stopping;

/// <summary>A run the replay stopped: where (its last evaluation kept), of how many iterations, why, on what forecast.</summary>
public sealed record ReplayStop(string Source, string Key, long Iteration, int Iterations, string Reason, RunForecast? Forecast);

/// <summary>
/// The runs of a study replayed under the policy: stopped runs truncated at their stop (a scaling run with its forecast
/// as final loss, <see cref="FinishedRun.Forecast"/>), the stops, and the training FLOPs used and those of the full study.
/// </summary>
public sealed record ReplayedRuns(IReadOnlyList<FinishedRun> Runs, IReadOnlyList<ReplayStop> Stops, double FlopsUsed, double FlopsFull);

/// <summary>
/// Replays <see cref="EarlyStopping.Decide"/> over finished curves as if they were arriving live: each export (source) is
/// one sweep whose runs all start together on equal slots, so an evaluation arrives at the training FLOPs its run had
/// spent there (the curve's flops column; 6·N·tokens where it is missing). At each arrival the run's forecast is
/// refitted from its curve so far and its own schedule (<see cref="LossForecaster"/>, <see cref="ForecastResamples"/>
/// resamples, as the run grain does) and the policy decides; a stopped run's later evaluations never arrive.
/// </summary>
public static class StoppingReplay
{
    /// <summary>The resamples of each forecast: the run grain's (docs/api.md).</summary>
    public const int ForecastResamples = 50;

    public static ReplayedRuns Run(IReadOnlyList<FinishedRun> runs, EarlyStoppingSettings settings, int forecastResamples = ForecastResamples)
    {
        settings.Check();
        var replayed = new List<FinishedRun>();
        var stops = new List<ReplayStop>();
        double used = 0, full = 0;
        foreach (var sweep in runs.GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (r, s, u, f) = Sweep(sweep.OrderBy(x => x.Key, StringComparer.Ordinal).ToList(), settings, forecastResamples);
            replayed.AddRange(r);
            stops.AddRange(s);
            (used, full) = (used + u, full + f);
        }
        return new ReplayedRuns(replayed, stops, used, full);
    }

    /// <summary>Training FLOPs spent up to an evaluation: the engine's count, or 6·N·tokens where the curve has none.</summary>
    public static double Flops(FinishedRun run, CurvePoint point) =>
        double.IsFinite(point.Flops) && point.Flops > 0 ? point.Flops : 6.0 * run.Spec.Shape.Parameters * point.Tokens;

    private static (List<FinishedRun>, List<ReplayStop>, double, double) Sweep(List<FinishedRun> runs, EarlyStoppingSettings settings, int resamples)
    {
        var n = runs.Count;
        var seen = new int[n];
        var stopped = new bool[n];
        var forecasts = new RunForecast?[n];
        var stops = new List<ReplayStop>();
        var arrivals = Enumerable.Range(0, n).SelectMany(i => runs[i].Curve.Select((p, k) => (Run: i, Point: k, At: Flops(runs[i], p))))
            .OrderBy(e => e.At).ThenBy(e => e.Run).ThenBy(e => e.Point).ToList();
        foreach (var (i, k, _) in arrivals)
        {
            if (stopped[i]) continue;
            seen[i] = k + 1;
            var run = runs[i];
            if (run.Spec.IsScalingPoint && seen[i] < run.Curve.Count) forecasts[i] = Forecast(run, seen[i], resamples);
            var state = Enumerable.Range(0, n).Select(j => new RunSoFar(runs[j].Key, runs[j].Spec, Prefix(runs[j], seen[j]),
                Finished: stopped[j] || (seen[j] == runs[j].Curve.Count && seen[j] > 0), forecasts[j])).ToList();
            foreach (var decision in EarlyStopping.Decide(state, settings))
            {
                var j = runs.FindIndex(r => r.Key == decision.Key);
                stopped[j] = true;
                stops.Add(new ReplayStop(runs[j].Source, runs[j].Key, runs[j].Curve[seen[j] - 1].Iteration, runs[j].Spec.Iterations, decision.Reason, decision.Forecast));
            }
        }
        var replayed = runs.Select((r, i) => !stopped[i] ? r : r with
        {
            Curve = Prefix(r, seen[i]),
            // A stopped scaling run's forecast stands in for its final loss; an M(E) run's result is its best, which it kept.
            Forecast = r.Spec.IsScalingPoint ? forecasts[i] : null,
        }).ToList();
        var used = runs.Select((r, i) => seen[i] == 0 ? 0 : Flops(r, r.Curve[seen[i] - 1])).Sum();
        var full = runs.Sum(r => r.Curve.Count == 0 ? 0 : Flops(r, r.Curve[^1]));
        return (replayed, stops, used, full);
    }

    private static IReadOnlyList<CurvePoint> Prefix(FinishedRun run, int count) =>
        count == run.Curve.Count ? run.Curve : run.Curve.Take(count).ToList();

    /// <summary>The forecast the run grain would show with this much of the curve; null where there is none yet.</summary>
    private static RunForecast? Forecast(FinishedRun run, int count, int resamples)
    {
        if (count < LossForecaster.MinimumEvaluations) return null;
        var curve = Prefix(run, count);
        try
        {
            var iterations = Math.Max(run.Spec.Iterations, curve[^1].Iteration);
            return RunForecast.From(LossForecaster.Run(curve, iterations, step => LearningRateSchedules.LearningRate(run.Spec, step), resamples, seed: 1));
        }
        catch (ArgumentException)
        {
            return null; // too few evaluations after warmup, or no trend yet: as the run grain, no forecast
        }
    }
}
