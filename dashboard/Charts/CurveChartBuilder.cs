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
/// its last iteration, with the forecast's interval as a band of the same kind. A cooldown branch
/// (<see cref="RunView.ForkIteration"/>) is drawn in its trunk's colour, lighter, from its fork point on (its curve's
/// inherited points are the trunk's line), with a marker where it forks; without its trunk among the runs (its own
/// page) its inherited points are drawn too, lighter, named as inherited.
/// </summary>
public static class CurveChartBuilder
{
    public const int MaxPointsPerSeries = 400;

    public sealed record RunCurve(RunView Run, IReadOnlyCollection<CurvePoint> Points);

    public static ChartConfig Build(IEnumerable<RunCurve> curves, IEnumerable<PowerLawRow> fits, CurveAxis axis, bool logLog)
    {
        var runs = curves.ToList();
        var styles = Styles(runs.Select(c => c.Run).ToList());
        var series = new List<ChartSeries>();
        var bands = new List<ChartSeriesJson>();
        var forks = new List<(int Group, CurvePoint At)>();
        int raw = 0;
        for (int i = 0; i < runs.Count; i++)
        {
            var (run, points) = runs[i];
            var style = styles[i];
            (double X, double Y) OnAxis(CurvePoint p) => (AxisValue(p, axis), p.TestLoss);
            if (run.ForkIteration is not { } fork)
            {
                series.Add(new ChartSeries(Label(run), Scale(points.Select(OnAxis), logLog), style.Group, Shade: style.Shade));
                raw += points.Count;
                continue;
            }
            // A branch's curve repeats its trunk's points up to the fork: its line starts at the last of them (the fork
            // point), so it leaves the trunk's line there; before it, only where the trunk itself is not drawn.
            var anchor = points.Where(p => p.Iteration <= fork).MaxBy(p => p.Iteration);
            var own = points.Where(p => anchor is null ? p.Iteration > fork : p.Iteration >= anchor.Iteration);
            series.Add(new ChartSeries(BranchName(run), Scale(own.Select(OnAxis), logLog), style.Group, Shade: style.Shade));
            raw += points.Count(p => p.Iteration > fork);
            if (anchor is null) continue;
            forks.Add((style.Group, anchor));
            if (style.TrunkDrawn) continue;
            var inherited = points.Where(p => p.Iteration <= anchor.Iteration).ToList();
            series.Add(new ChartSeries($"{Label(run)} inherited from its trunk (to iteration {anchor.Iteration})",
                Scale(inherited.Select(OnAxis), logLog), style.Group, Shade: InheritedShade));
            raw += inherited.Count;
        }
        foreach (var fit in fits)
        {
            int i = runs.FindIndex(c => c.Run.RunId == fit.RunId);
            if (i < 0) continue;
            var (run, style) = (runs[i].Run, styles[i]);
            series.Add(new ChartSeries(FitName(run, fit.Fit), Scale(FitLine(fit, run, axis), logLog), style.Group, Dashed: true, Shade: style.Shade));
            if (fit.Band is { Count: > 0 } band)
                bands.Add(new ChartSeriesJson($"{Label(run)} fit, 95% band", BandRows(band, run, axis, logLog), style.Group, false, ChartKinds.Band, style.Shade));
        }
        for (int i = 0; i < runs.Count; i++)
        {
            var (run, points) = runs[i];
            var style = styles[i];
            // A run stopped early keeps the forecast its stop rested on: drawn the same way, to the iteration it would have reached.
            if (run.Status is not (RunStatus.Running or RunStatus.StoppedEarly) || run.Forecast is not { } forecast) continue;
            if (points.Where(p => double.IsFinite(p.TestLoss)).MaxBy(p => p.Iteration) is not { } last) continue;
            // Dashed from the last evaluation to the forecast at the run's last iteration, the interval as a band widening to it.
            var (fromX, toX) = (AxisValue(last, axis), IterationOnAxis(forecast.ToIteration, run, axis));
            series.Add(new ChartSeries(ForecastName(run, forecast), Scale([(fromX, last.TestLoss), (toX, forecast.FinalLoss)], logLog), style.Group, Dashed: true, Shade: style.Shade));
            if (forecast.Interval is [{ } lo, { } hi])
                bands.Add(new ChartSeriesJson($"{Label(run)} forecast, 95% band",
                    ScaleBand([[fromX, last.TestLoss, last.TestLoss], [toX, lo, hi]], logLog), style.Group, false, ChartKinds.Band, style.Shade));
        }
        // One marker series per trunk: where each of its branches leaves it.
        var markers = forks.GroupBy(f => f.Group).Select(g => new ChartSeriesJson(ForksName(runs, styles, g.Key),
            Scale(g.Select(f => (AxisValue(f.At, axis), f.At.TestLoss)), logLog).Select(p => new[] { p.X, p.Y }).ToArray(), g.Key, false, ChartKinds.Points));
        return new ChartConfig(
            series.Select(s => new ChartSeriesJson(s.Name,
                Downsampler.Lttb(s.Points, MaxPointsPerSeries).Select(p => new[] { p.X, p.Y }).ToArray(), s.Group, s.Dashed, Shade: s.Shade))
                .Concat(markers).Concat(bands).ToList(),
            axis switch { CurveAxis.Tokens => "tokens", CurveAxis.Flops => "training FLOPs", _ => "iterations" },
            "test loss (nats/token)",
            logLog,
            raw);
    }

    /// <summary>How much lighter a trunk's last branch is drawn than the trunk (the others evenly between).</summary>
    public const double MaxBranchShade = 0.55;

    /// <summary>A branch's inherited points, drawn only where its trunk is not (the run page), lighter still.</summary>
    public const double InheritedShade = 0.7;

    /// <summary>
    /// A run's colour: Group, shared by a trunk and its branches (a family); Shade, 0 for the trunk and growing to
    /// <see cref="MaxBranchShade"/> over its branches in plan order. TrunkDrawn: a branch whose trunk is among the runs.
    /// Runs without branches get one group each, in order, as before branches.
    /// </summary>
    private sealed record Style(int Group, double Shade, bool TrunkDrawn);

    private static Style[] Styles(IReadOnlyList<RunView> runs)
    {
        var index = new Dictionary<string, int>();
        for (int i = 0; i < runs.Count; i++) index.TryAdd(runs[i].RunId, i);
        int Root(int i) => runs[i].ForkIteration is not null && runs[i].ParentRunId is { } parent && index.TryGetValue(parent, out var j) && j != i ? j : i;
        var roots = Enumerable.Range(0, runs.Count).Select(Root).ToArray();
        var branchesOf = roots.Where((root, i) => root != i).GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var groups = new Dictionary<int, int>();
        var seen = new Dictionary<int, int>();
        var styles = new Style[runs.Count];
        for (int i = 0; i < runs.Count; i++)
        {
            if (!groups.TryGetValue(roots[i], out var group)) groups[roots[i]] = group = groups.Count;
            if (roots[i] == i) { styles[i] = new Style(group, 0, false); continue; }
            int k = seen[roots[i]] = seen.GetValueOrDefault(roots[i]) + 1;
            styles[i] = new Style(group, MaxBranchShade * k / branchesOf[roots[i]], true);
        }
        return styles;
    }

    /// <summary>The fork markers' name: "d64-… forks" after the trunk drawn in that group, or the branch's own key on its page.</summary>
    private static string ForksName(List<RunCurve> runs, Style[] styles, int group)
    {
        var first = Enumerable.Range(0, runs.Count).First(i => styles[i].Group == group && !styles[i].TrunkDrawn);
        return $"{runs[first].Run.Key} {(runs[first].Run.ForkIteration is null ? "forks" : "fork")}";
    }

    /// <summary>A branch's line: its label and where it leaves its trunk.</summary>
    public static string BranchName(RunView run) => $"{Label(run)} branch from iteration {run.ForkIteration}";

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
