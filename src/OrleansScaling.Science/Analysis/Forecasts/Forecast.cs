using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis.Forecasts;

/// <summary>
/// The test loss a run will reach at <see cref="ToIteration"/>, forecast from its curve up to <see cref="FromIteration"/>,
/// with a 95% interval [lo, hi] (an entry is null when that end is open) and what the interval rests on.
/// </summary>
public sealed record Forecast(double FinalLoss, double?[] Interval, long FromIteration, long ToIteration)
{
    /// <summary>The evaluations fitted, the resamples drawn and the calibration term (docs/science.md, "Forecasts").</summary>
    public IntervalBasis? Basis { get; init; }

    /// <summary>The fitted law, L(s) = L0 + A·S1^(−α) − C·S2.</summary>
    public AnnealingLaw? Law { get; init; }
}
