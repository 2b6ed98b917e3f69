namespace OrleansScaling.Science.Analysis.Forecasts;

/// <summary>
/// A running run's forecast as its view carries it: the test loss <see cref="LossForecaster"/> expects at
/// <see cref="ToIteration"/> (the run's last iteration), its 95% interval [lo, hi] (an entry is null when that end is
/// open) and the last evaluation it was fitted to (<see cref="FromIteration"/>). The basis and the law stay out: a view
/// is small and goes out with every update.
/// </summary>
public sealed record RunForecast(double FinalLoss, double?[] Interval, long FromIteration, long ToIteration)
{
    public static RunForecast From(Forecast forecast) =>
        new(forecast.FinalLoss, forecast.Interval, forecast.FromIteration, forecast.ToIteration);
}
