using OrleansScaling.Science.Analysis;
using ScottPlot;

namespace OrleansScaling.Reports.Figures;

/// <summary>
/// Figure 1 analog: test loss against iterations in log-log for one model size, one line per regime (S, SD, M(E),
/// MD(E); the lowest seed), with the power-law fit of S drawn dashed over its fitted range.
/// </summary>
public static class LearningCurvesFigure
{
    public static string Draw(IReadOnlyList<FinishedRun> runsOfOneSize, IReadOnlyList<PowerLawRow> fits, string directory)
    {
        var shape = runsOfOneSize[0].Spec.Shape;
        var plot = new Plot();
        var regimes = runsOfOneSize.GroupBy(r => r.Spec.Regime).Select(g => g.MinBy(r => r.Spec.Seed)!)
            .OrderBy(r => r.Spec.Epochs).ThenBy(r => r.Spec.Dropout).ToList();
        var all = regimes.SelectMany(r => r.Curve.Where(p => p.Iteration > 0)).ToList();
        for (var i = 0; i < regimes.Count; i++)
        {
            var points = regimes[i].Curve.Where(p => p.Iteration > 0).ToList();
            var line = plot.Add.ScatterLine(LogTicks.Log(points.Select(p => (double)p.Iteration)), LogTicks.Log(points.Select(p => p.TestLoss)), FigureFile.ColorOf(i));
            line.LineWidth = 2;
            line.LegendText = regimes[i].Spec.Regime;
            if (regimes[i].Spec.IsScalingPoint && fits.FirstOrDefault(f => f.RunId == regimes[i].RunId) is { } fit)
                AddFit(plot, fit.Fit);
        }
        LogTicks.Apply(plot.Axes.Bottom, all.Min(p => p.Iteration), all.Max(p => p.Iteration));
        LogTicks.Apply(plot.Axes.Left, all.Min(p => p.TestLoss), all.Max(p => p.TestLoss));
        plot.Title($"d={shape.DModel}, {shape.Layers} layers, {shape.Parameters:N0} params");
        plot.XLabel("iterations (log)");
        plot.YLabel("test loss, nats/token (log)");
        return FigureFile.Save(plot, directory, $"curves-d{shape.DModel}.png");
    }

    private static void AddFit(Plot plot, PowerLawFit fit)
    {
        double[] iterations = [fit.FromIteration, fit.ToIteration];
        var line = plot.Add.ScatterLine(LogTicks.Log(iterations), LogTicks.Log(iterations.Select(i => fit.Coefficient * Math.Pow(i, -fit.Exponent))), Colors.Black);
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 1.5f;
        line.LegendText = $"S fit: I^-{fit.Exponent:0.000}, R²={fit.R2:0.000}";
    }
}
