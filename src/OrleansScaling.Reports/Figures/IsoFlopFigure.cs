using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;
using ScottPlot;

namespace OrleansScaling.Reports.Figures;

/// <summary>
/// IsoFLOP profiles (Chinchilla's approach 2): final test loss against parameters (log axis) per budget, the measured
/// runs as dots, the fitted parabola in ln N as a line, its minimum N* as a star.
/// </summary>
public static class IsoFlopFigure
{
    public const string FileName = "isoflop.png";

    public static string Draw(IReadOnlyList<IsoFlopParabola> parabolas, string directory)
    {
        var plot = new Plot();
        var paramsSeen = new List<double>();
        for (var i = 0; i < parabolas.Count; i++)
        {
            var fit = parabolas[i].Fit;
            var observations = parabolas[i].Points.Select(p => new LossObservation(p[0], double.NaN, p[1])).ToList();
            var color = FigureFile.ColorOf(i);
            var dots = plot.Add.Markers(LogTicks.Log(observations.Select(o => o.Params)), observations.Select(o => o.Loss).ToArray(), MarkerShape.FilledCircle, 8, color);
            dots.LegendText = $"C = {fit.Budget:0.00e0} FLOPs: D*/N* = {fit.TokensPerParam:0.0}";
            var lo = Math.Log(Math.Min(observations.Min(o => o.Params), fit.OptimalParams));
            var hi = Math.Log(Math.Max(observations.Max(o => o.Params), fit.OptimalParams));
            var ln = Enumerable.Range(0, 41).Select(k => lo + (hi - lo) * k / 40).ToArray();
            var parabola = plot.Add.ScatterLine(ln.Select(x => x / Math.Log(10)).ToArray(),
                ln.Select(x => fit.MinimumLoss + fit.Curvature * Math.Pow(x - Math.Log(fit.OptimalParams), 2)).ToArray(), color);
            parabola.LineWidth = 1.5f;
            plot.Add.Markers(new[] { Math.Log10(fit.OptimalParams) }, new[] { fit.MinimumLoss }, MarkerShape.FilledDiamond, 12, color);
            // The optimum's 95% interval (bootstrap over the profile's runs) as a bar through the diamond; an open end stops at the axis.
            if (parabolas[i].OptimalParamsInterval is [var from, var to])
            {
                var left = from is { } f && f > 0 ? f : Math.Exp(lo);
                var right = to ?? Math.Exp(hi);
                var bar = plot.Add.Line(Math.Log10(left), fit.MinimumLoss, Math.Log10(right), fit.MinimumLoss);
                bar.Color = color;
                bar.LineWidth = 3;
                paramsSeen.AddRange([left, right]);
            }
            paramsSeen.AddRange([Math.Exp(lo), Math.Exp(hi)]);
        }
        if (paramsSeen.Count == 0) paramsSeen.AddRange([1, 10]);
        LogTicks.Apply(plot.Axes.Bottom, paramsSeen.Min(), paramsSeen.Max());
        plot.Title("IsoFLOP profiles; diamond: the parabola's minimum, bar: its 95% interval");
        plot.XLabel("parameters (log)");
        plot.YLabel("final test loss, nats/token");
        // No corner is sure to be empty (the largest budget's profile can reach the lower right, the smallest's the upper
        // right): FigureFile puts the legend in one the data leave free, else beside the data area.
        return FigureFile.Save(plot, directory, FileName);
    }
}
