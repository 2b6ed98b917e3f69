using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Dashboard.Charts;

/// <summary>
/// The IsoFLOP panel's two charts. Parabolas: each budget's runs (final test loss against log10 params), its parabola
/// L = L* + c·(ln N − ln N*)² and its optimum N* with the 95% interval as a horizontal bar at L*. Compute-optimal:
/// log10 N* against log10 FLOPs, each budget's IsoFLOP optimum with its interval as a vertical bar, and the parametric
/// fit's compute-optimal line with its shaded 95% band when the experiment has one.
/// </summary>
public static class ScalingChartBuilder
{
    private const int ParabolaPoints = 40;

    public static ChartConfig Parabolas(IReadOnlyList<IsoFlopParabola> profiles)
    {
        var series = new List<ChartSeriesJson>();
        for (var group = 0; group < profiles.Count; group++)
        {
            var (fit, points) = (profiles[group].Fit, profiles[group].Points);
            var name = BudgetName(fit.Budget);
            var logs = points.Select(p => Math.Log(p[0])).Append(Math.Log(fit.OptimalParams)).ToList();
            var (from, to) = (logs.Min(), logs.Max());
            var pad = (to - from) * 0.15;
            var curve = Enumerable.Range(0, ParabolaPoints).Select(i => from - pad + (to - from + 2 * pad) * i / (ParabolaPoints - 1.0))
                .Select(ln => new[] { ln / Math.Log(10), fit.MinimumLoss + fit.Curvature * Math.Pow(ln - Math.Log(fit.OptimalParams), 2) });
            series.Add(new ChartSeriesJson($"{name}: runs", points.Select(p => new[] { Math.Log10(p[0]), p[1] }).ToArray(), group, false, ChartKinds.Points));
            series.Add(new ChartSeriesJson($"{name}: parabola", curve.ToArray(), group, false));
            series.Add(new ChartSeriesJson($"{name}: optimum N*", [[Math.Log10(fit.OptimalParams), fit.MinimumLoss]], group, false, ChartKinds.Points));
            if (Bar(profiles[group].OptimalParamsInterval, (from - pad) / Math.Log(10), (to + pad) / Math.Log(10)) is { } bar)
                series.Add(new ChartSeriesJson($"{name}: N* 95% interval", [[bar.Lo, fit.MinimumLoss], [bar.Hi, fit.MinimumLoss]], group, false));
        }
        return new ChartConfig(Finite(series), "parameters N", "final test loss (nats/token)", Log: true, profiles.Sum(p => p.Points.Count), LogY: false);
    }

    public static ChartConfig ComputeOptimal(IReadOnlyList<IsoFlopParabola> profiles, ComputeOptimalLine? line)
    {
        var series = new List<ChartSeriesJson>();
        if (profiles.Count > 0)
            series.Add(new ChartSeriesJson("IsoFLOP optima N*", profiles.Select(p => new[] { Math.Log10(p.Fit.Budget), Math.Log10(p.Fit.OptimalParams) }).ToArray(), 0, false, ChartKinds.Points));
        var low = profiles.Select(p => Math.Log10(p.Fit.OptimalParams)).Concat(line?.Line.Select(r => Math.Log10(r[2])) ?? Enumerable.Empty<double>()).DefaultIfEmpty(0).Min() - 0.5;
        var high = profiles.Select(p => Math.Log10(p.Fit.OptimalParams)).Concat(line?.Line.Select(r => Math.Log10(r[3])) ?? Enumerable.Empty<double>()).DefaultIfEmpty(0).Max() + 0.5;
        foreach (var p in profiles)
            if (Bar(p.OptimalParamsInterval, low, high) is { } bar)
                series.Add(new ChartSeriesJson($"{BudgetName(p.Fit.Budget)}: N* 95% interval", [[Math.Log10(p.Fit.Budget), bar.Lo], [Math.Log10(p.Fit.Budget), bar.Hi]], 0, false));
        if (line is not null)
        {
            series.Add(new ChartSeriesJson("parametric fit N*(C)", line.Line.Select(r => new[] { Math.Log10(r[0]), Math.Log10(r[1]) }).ToArray(), 1, true));
            series.Add(new ChartSeriesJson("parametric fit, 95% band", line.Line.Select(r => new[] { Math.Log10(r[0]), Math.Log10(r[2]), Math.Log10(r[3]) }).ToArray(), 1, false, ChartKinds.Band));
        }
        return new ChartConfig(Finite(series), "training FLOPs C", "compute-optimal parameters N*", Log: true, profiles.Count);
    }

    /// <summary>
    /// Drops every point with a NaN or ±∞ coordinate (a failed fit, the log of a non-positive value): JSON cannot
    /// carry them to charts.js, and one would break the whole chart.
    /// </summary>
    private static List<ChartSeriesJson> Finite(List<ChartSeriesJson> series) =>
        series.Select(s => s.Data.All(r => r.All(double.IsFinite)) ? s : s with { Data = s.Data.Where(r => r.All(double.IsFinite)).ToArray() }).ToList();

    public static string BudgetName(double flops) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{flops:0.00e0} FLOPs");

    /// <summary>An interval of params as [log10 lo, log10 hi]; an open end is drawn to the chart's edge. Null when both ends are open.</summary>
    private static (double Lo, double Hi)? Bar(double?[]? interval, double edgeLow, double edgeHigh) => interval switch
    {
        [null, null] or null => null,
        [var lo, var hi] => (lo is > 0 ? Math.Log10(lo.Value) : edgeLow, hi is > 0 ? Math.Log10(hi.Value) : edgeHigh),
        _ => null,
    };
}
