namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// Pointwise 95% bands of fitted curves, for drawing: at each of <see cref="Points"/> log-spaced x values, the
/// 2.5th–97.5th percentile of the resampled fits' values there. Taken from the samples, not from the parameters'
/// intervals, because the parameters move together (a steeper exponent comes with a larger coefficient): a band
/// spanned by the intervals' corners would be far wider than the fits' real spread.
/// </summary>
public static class FitBands
{
    public const int Points = 25;

    /// <summary>L = C·I^(−b) over the fit's range: rows [iteration, lo, hi] (nats).</summary>
    public static IReadOnlyList<double[]> PowerLaw(PowerLawFit fit, IReadOnlyList<(double Exponent, double Coefficient)> samples) =>
        LogSpaced(Math.Max(fit.FromIteration, 1), Math.Max(fit.ToIteration, 1))
            .Select(i => Row([i], samples.Select(s => s.Coefficient * Math.Pow(i, -s.Exponent))))
            .OfType<double[]>().ToList();

    /// <summary>The compute-optimal line N*(C) of the parametric fit over [fromFlops, toFlops]: rows [flops, params, lo, hi].</summary>
    public static IReadOnlyList<double[]> ComputeOptimal(ParametricLossFit fit, ParametricBootstrap boot, double fromFlops, double toFlops) =>
        LogSpaced(fromFlops, toFlops)
            .Select(c => Row([c, fit.OptimalParams(c)], boot.Samples.Select(s => s.OptimalParams(c))))
            .OfType<double[]>().ToList();

    /// <summary>The leading values and the 95% interval of the samples there; null (left out) where an end is unbounded or there are no samples.</summary>
    private static double[]? Row(double[] lead, IEnumerable<double> values) =>
        Resampling.Interval(values) is [{ } lo, { } hi] && lead.All(double.IsFinite) ? [.. lead, lo, hi] : null;

    private static IEnumerable<double> LogSpaced(double from, double to) =>
        Enumerable.Range(0, Points).Select(i => from * Math.Pow(to / from, i / (Points - 1.0)));
}
