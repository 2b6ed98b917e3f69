using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Runs;

// The running run's loss forecast (issue 20): refitted as evaluations arrive, kept in memory only (a reactivation
// refits at the next evaluation), shown in the view while the run is Running.
public sealed partial class TrainingRunGrain
{
    /// <summary>A new fit waits for this many new evaluations since the last one, or <see cref="ForecastEvery"/>.</summary>
    public const int ForecastEveryEvaluations = 5;

    /// <summary>…or for this long since the last fit (with at least one new evaluation).</summary>
    public static readonly TimeSpan ForecastEvery = TimeSpan.FromSeconds(30);

    /// <summary>Few, seeded resamples: a fit with 50 takes milliseconds to tens of ms (docs/api.md).</summary>
    public const int ForecastResamples = 50;

    private RunForecast? _forecast;
    private int _forecastEvaluations;
    private DateTimeOffset? _forecastAt;

    /// <summary>
    /// Refits the forecast when new evaluations arrived and enough of them (or enough time) since the last fit. The fit
    /// runs on the thread pool, not the grain's scheduler thread; an error leaves no forecast and never fails the run.
    /// </summary>
    private async Task UpdateForecast()
    {
        if (State.Status != RunStatus.Running || State.Spec is not { } spec)
        {
            _forecast = null;
            return;
        }
        var curve = State.Curve;
        if (curve.Count < LossForecaster.MinimumEvaluations || curve.Count <= _forecastEvaluations) return;
        if (_forecastAt is { } at && curve.Count - _forecastEvaluations < ForecastEveryEvaluations && Now - at < ForecastEvery) return;
        _forecastEvaluations = curve.Count;
        _forecastAt = Now;
        var iterations = Math.Max(spec.Iterations, curve[^1].Iteration);
        var watch = Stopwatch.StartNew();
        try
        {
            var forecast = await Task.Run(() => LossForecaster.Run(curve, iterations,
                step => LearningRateSchedules.LearningRate(spec, step), ForecastResamples, seed: 1));
            _forecast = RunForecast.From(forecast);
            logger.LogDebug("Run {RunId}: forecast from {Count} evaluations in {Ms:F1} ms", RunId, curve.Count, watch.Elapsed.TotalMilliseconds);
        }
        catch (ArgumentException e)
        {
            _forecast = null;
            logger.LogDebug("Run {RunId}: no forecast from {Count} evaluations: {Reason}", RunId, curve.Count, e.Message);
        }
        catch (Exception e)
        {
            _forecast = null;
            logger.LogWarning(e, "Run {RunId}: the forecast failed; the run goes on without one", RunId);
        }
    }
}
