using OrleansScaling.Science.Analysis.Bootstrap;
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

    /// <summary>The run's final test loss: its last evaluation's (NaN for an empty curve).</summary>
    public double FinalLoss => Curve.Count == 0 ? double.NaN : Curve[^1].TestLoss;

    /// <summary>A final loss the scaling fits can use: a positive finite number.</summary>
    public bool HasUsableFinalLoss => FinalLoss is > 0 and < double.PositiveInfinity;

    /// <summary>
    /// The run as one (N, D, final test loss) point of the scaling fits, with its final loss's evaluation noise measured
    /// on its curve (<see cref="FinalLossNoise"/>), which the IsoFLOP interval uses where a budget has too few runs.
    /// </summary>
    public LossObservation Observation() => new(Spec.Shape.Parameters, Spec.TotalTokens, FinalLoss, LossSd: FinalLossNoise.Of(Curve));
}
