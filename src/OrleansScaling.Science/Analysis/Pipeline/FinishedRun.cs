using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Analysis;

/// <summary>A finished run of an experiment: its id and key in the sweep, what it was, and its learning curve.</summary>
public sealed record FinishedRun(string RunId, string Key, RunSpec Spec, IReadOnlyList<CurvePoint> Curve)
{
    /// <summary>
    /// The experiment (or export folder) the run belongs to. IsoFLOP budgets are grouped within one source: runs of two
    /// experiments that happen to share FLOPs were not planned as one profile (other data, seeds or settings).
    /// </summary>
    public string Source { get; init; } = "";

    /// <summary>
    /// A run stopped early (issue 20's early stopping): the forecast of its final test loss, which stands in for
    /// <see cref="FinalLoss"/>, its interval for the loss's noise; the pipeline says so in a note. Null: the run ran to its end.
    /// </summary>
    public RunForecast? Forecast { get; init; }

    /// <summary>The run's final test loss: its last evaluation's (NaN for an empty curve), or its forecast when it was stopped early.</summary>
    public double FinalLoss => Forecast?.FinalLoss ?? (Curve.Count == 0 ? double.NaN : Curve[^1].TestLoss);

    /// <summary>A final loss the scaling fits can use: a positive finite number.</summary>
    public bool HasUsableFinalLoss => FinalLoss is > 0 and < double.PositiveInfinity;

    /// <summary>
    /// The run as one (N, D, final test loss) point of the scaling fits, with its final loss's evaluation noise measured
    /// on its curve (<see cref="FinalLossNoise"/>), which the IsoFLOP interval uses where a budget has too few runs.
    /// </summary>
    public LossObservation Observation() => new(Spec.Shape.Parameters, Spec.TotalTokens, FinalLoss, LossSd: ForecastSd() ?? FinalLossNoise.Of(Curve));

    /// <summary>A stopped run's loss noise: its forecast's 95% interval read as ±1.96 SD (null without both ends).</summary>
    private double? ForecastSd() => Forecast?.Interval is [{ } lo, { } hi] && hi > lo ? (hi - lo) / (2 * 1.959963984540054) : null;
}
