using OrleansScaling.Science.Analysis.Forecasts;

namespace OrleansScaling.Science.Analysis.Stopping;

/// <summary>
/// How a run that stopped early enters the analyses, for both roads to them (the experiment grain and `osc report` on an
/// export), so both give the same analyses: with the forecast its stop rested on standing in for its final loss (the
/// pipeline notes it), or, without a usable forecast, left out with a note.
/// </summary>
public static class StoppedRuns
{
    /// <summary>Why a stopped run without a usable forecast is left out.</summary>
    public const string WithoutForecast = "stopped early without a usable forecast of its final loss";

    /// <summary>The run with <paramref name="forecast"/> as its final loss, or null when the forecast is missing or not a positive finite loss.</summary>
    public static FinishedRun? WithForecast(FinishedRun run, RunForecast? forecast) =>
        forecast is { FinalLoss: > 0 and < double.PositiveInfinity } ? run with { Forecast = forecast } : null;

    /// <summary>The note's subject for a stopped run left out: "KEY stopped early without a usable forecast …: left out".</summary>
    public static LeftOutRun LeftOut(string key) => new(key, WithoutForecast);
}
