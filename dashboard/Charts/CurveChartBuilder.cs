using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Dashboard.Charts;

/// <summary>
/// Turns runs' curves (test loss against iterations, tokens or FLOPs) and their power-law fits into the
/// chart's series: mapped to the chosen axis, log10 on log-log, each downsampled to <see cref="MaxPointsPerSeries"/>.
/// A fit with a band (<see cref="PowerLawRow.Band"/>, from its bootstrap samples) is drawn with it, shaded. A running
/// run with a forecast (<see cref="RunView.Forecast"/>) gets a dashed line from its last evaluation to the forecast at
/// its last iteration, with the forecast's interval as a band of the same kind.
/// </summary>
public static class CurveChartBuilder
{
    public const int MaxPointsPerSeries = 400;

    public sealed record RunCurve(RunView Run, IReadOnlyCollection<CurvePoint> Points);

    public static ChartConfig Build(IEnumerable<RunCurve> curves, IEnumerable<PowerLawRow> fits, CurveAxis axis, bool logLog)
    {
        var runs = curves.ToList();
        var series = new List<ChartSeries>();
        var bands = new List<ChartSeriesJson>();
        for (int group = 0; group < runs.Count; group++)
        {
            var points = runs[group].Points.Select(p => (X: AxisValue(p, axis), Y: p.TestLoss));
            series.Add(new ChartSeries(Label(runs[group].Run), Scale(points, logLog), group));
        }
        foreach (var fit in fits)
        {
            int group = runs.FindIndex(c => c.Run.RunId == fit.RunId);
            if (group < 0) continue;
            var run = runs[group].Run;
            series.Add(new ChartSeries(FitName(run, fit.Fit), Scale(FitLine(fit, run, axis), logLog), group, Dashed: true));
            if (fit.Band is { Count: > 0 } band)
                bands.Add(new ChartSeriesJson($"{Label(run)} fit, 95% band", BandRows(band, run, axis, logLog), group, false, ChartKinds.Band));
        }
        for (int group = 0; group < runs.Count; group++)
        {
            var (run, points) = (runs[group].Run, runs[group].Points);
            // A run stopped early keeps the forecast its stop rested on: drawn the same way, to the iteration it would have reached.
            if (run.Status is not (RunStatus.Running or RunStatus.StoppedEarly) || run.Forecast is not { } forecast) continue;
            if (points.Where(p => double.IsFinite(p.TestLoss)).MaxBy(p => p.Iteration) is not { } last) continue;
            // Dashed from the last evaluation to the forecast at the run's last iteration, the interval as a band widening to it.
            var (fromX, toX) = (AxisValue(last, axis), IterationOnAxis(forecast.ToIteration, run, axis));
            series.Add(new ChartSeries(ForecastName(run, forecast), Scale([(fromX, last.TestLoss), (toX, forecast.FinalLoss)], logLog), group, Dashed: true));
            if (forecast.Interval is [{ } lo, { } hi])
                bands.Add(new ChartSeriesJson($"{Label(run)} forecast, 95% band",
                    ScaleBand([[fromX, last.TestLoss, last.TestLoss], [toX, lo, hi]], logLog), group, false, ChartKinds.Band));
        }
        return new ChartConfig(
            series.Select(s => new ChartSeriesJson(s.Name,
                Downsampler.Lttb(s.Points, MaxPointsPerSeries).Select(p => new[] { p.X, p.Y }).ToArray(), s.Group, s.Dashed)).Concat(bands).ToList(),
            axis switch { CurveAxis.Tokens => "tokens", CurveAxis.Flops => "training FLOPs", _ => "iterations" },
            "test loss (nats/token)",
            logLog,
            runs.Sum(c => c.Points.Count));
    }

    public static string Label(RunView run) => $"{run.Key} ({run.Regime}, d={run.Spec.Shape.DModel})";

    /// <summary>The fitted line's form as Science's PowerLawFit has it: L = C·I^(−b), I in iterations.</summary>
    public static string FitName(RunView run, PowerLawFit fit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Label(run)} fit L = {fit.Coefficient:0.###}·I^(−{fit.Exponent:0.###})");

    public static string ForecastName(RunView run, RunForecast forecast) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Label(run)} forecast {forecast.FinalLoss:0.###} at iteration {forecast.ToIteration}");

    private static double AxisValue(CurvePoint point, CurveAxis axis) => axis switch
    {
        CurveAxis.Tokens => point.Tokens,
        CurveAxis.Flops => point.Flops,
        _ => point.Iteration,
    };

    /// <summary>L = C·I^(−b) over the fitted range, 50 points log-spaced, mapped to the axis through the run's spec.</summary>
    private static IEnumerable<(double X, double Y)> FitLine(PowerLawRow row, RunView run, CurveAxis axis)
    {
        var (from, to) = (Math.Max(row.Fit.FromIteration, 1), Math.Max(row.Fit.ToIteration, 1));
        for (int i = 0; i < 50; i++)
        {
            double iteration = from * Math.Pow((double)to / from, i / 49.0);
            yield return (IterationOnAxis(iteration, run, axis), row.Fit.Coefficient * Math.Pow(iteration, -row.Fit.Exponent));
        }
    }

    private static double IterationOnAxis(double iteration, RunView run, CurveAxis axis) => axis switch
    {
        CurveAxis.Tokens => iteration * run.Spec.TokensPerIteration,
        CurveAxis.Flops => iteration * run.Spec.TokensPerIteration * run.Spec.Shape.FlopsPerToken,
        _ => iteration,
    };

    /// <summary>The band's rows [iteration, lo, hi] as [x, lo, hi] on the chosen axis and scale.</summary>
    private static double[][] BandRows(IReadOnlyList<double[]> band, RunView run, CurveAxis axis, bool logLog) =>
        ScaleBand(band.Where(r => r.Length == 3 && r.All(double.IsFinite)).Select(r => new[] { IterationOnAxis(r[0], run, axis), r[1], r[2] }), logLog);

    /// <summary>Band rows [x, lo, hi] already on the axis, kept where finite (and positive on log-log), log10 on log-log.</summary>
    private static double[][] ScaleBand(IEnumerable<double[]> rows, bool logLog) => rows
        .Where(r => r.All(double.IsFinite) && (!logLog || r.All(v => v > 0)))
        .Select(r => logLog ? r.Select(Math.Log10).ToArray() : r)
        .ToArray();

    /// <summary>Log-log drops points a logarithm cannot show (zero, negative, NaN).</summary>
    private static List<ChartPoint> Scale(IEnumerable<(double X, double Y)> points, bool logLog) => logLog
        ? points.Where(p => p.X > 0 && p.Y > 0 && double.IsFinite(p.Y)).Select(p => new ChartPoint(Math.Log10(p.X), Math.Log10(p.Y))).ToList()
        : points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => new ChartPoint(p.X, p.Y)).ToList();
}
