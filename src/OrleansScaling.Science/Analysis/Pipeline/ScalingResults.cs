using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// One budget's IsoFLOP parabola, its runs as [params, final test loss] and its optimum's 95% intervals (null ends are
/// open; a null interval is absent, and Basis.Note says why).
/// </summary>
public sealed record IsoFlopParabola(IsoFlopBudgetFit Fit, IReadOnlyList<double[]> Points, double?[]? OptimalParamsInterval, double?[]? TokensPerParamInterval)
{
    public IntervalBasis? Basis { get; init; }
}

/// <summary>The 95% intervals of the parametric fit's parameters, from its bootstrap.</summary>
public sealed record ParametricIntervals(double?[] E, double?[] A, double?[] Alpha, double?[] B, double?[] Beta, IntervalBasis? Basis);

/// <summary>The parametric fit's compute-optimal point at one budget of the runs, with the 95% interval of its tokens/param.</summary>
public sealed record ComputeOptimalAt(double Flops, double Params, double Tokens, double TokensPerParam, double?[] TokensPerParamInterval);

/// <summary>
/// The parametric fit L(N, D) over the runs and its compute-optimal line: rows [FLOPs, N*, lo, hi] (95% band). With its
/// intervals, its optimum at each budget, and what a prediction needs (Samples, RunScatter: see <see cref="LossModel"/>).
/// </summary>
public sealed record ComputeOptimalLine(ParametricLossFit Fit, int Runs, IReadOnlyList<double[]> Line)
{
    public ParametricIntervals? Intervals { get; init; }
    public IReadOnlyList<ComputeOptimalAt>? Budgets { get; init; }
    public IReadOnlyList<ParametricLossFit>? Samples { get; init; }
    public double? RunScatter { get; init; }

    /// <summary>The fit ready to predict, as `osc predict` and the Launch page use it; null without its bootstrap.</summary>
    public LossModel? Model() => Samples is { } samples && RunScatter is { } scatter ? new LossModel(Fit, samples, scatter, Runs) : null;
}

/// <summary>The held-out check: fitted on the runs at or below <see cref="Above"/> FLOPs, the rows predict the rest.</summary>
public sealed record HeldOutCheck(double Above, int FittedRuns, IReadOnlyList<HoldoutRow> Rows)
{
    public IntervalBasis? Basis { get; init; }
}
