using OrleansScaling.Science.Analysis;
using ScottPlot;

namespace OrleansScaling.Reports.Figures;

/// <summary>
/// Figure 2 analog: the one-epoch curves (S, no dropout, lowest seed) of every size against training FLOPs in log-log;
/// each size's stretch on the lower envelope, as <see cref="FrontierAnalysis"/> found it, is drawn thick.
/// </summary>
public static class FlopsFrontierFigure
{
    public const string FileName = "flops-frontier.png";

    public static string Draw(IReadOnlyList<FinishedRun> singleEpochRuns, FrontierResult? frontier, string directory)
    {
        var plot = new Plot();
        var sizes = singleEpochRuns.OrderBy(r => r.Spec.Shape.Parameters).ToList();
        var all = sizes.SelectMany(r => r.Curve.Where(p => p.Iteration > 0 && p.Flops > 0)).ToList();
        for (var i = 0; i < sizes.Count; i++)
        {
            var run = sizes[i];
            var points = run.Curve.Where(p => p.Iteration > 0 && p.Flops > 0).ToList();
            var line = plot.Add.ScatterLine(LogTicks.Log(points.Select(p => p.Flops)), LogTicks.Log(points.Select(p => p.TestLoss)), FigureFile.ColorOf(i));
            line.LineWidth = 1.5f;
            line.LegendText = $"d={run.Spec.Shape.DModel} ({run.Spec.Shape.Parameters:N0} params)";
            var range = frontier?.Sizes.FirstOrDefault(s => s.Params == run.Spec.Shape.Parameters)?.OptimalIterations;
            if (range is not { Count: 2 }) continue;
            var from = range[0] ?? 0;
            var to = range[1] ?? double.PositiveInfinity;
            var optimal = points.Where(p => p.Iteration >= from && p.Iteration <= to).ToList();
            if (optimal.Count < 2) continue;
            var thick = plot.Add.ScatterLine(LogTicks.Log(optimal.Select(p => p.Flops)), LogTicks.Log(optimal.Select(p => p.TestLoss)), FigureFile.ColorOf(i).WithAlpha(0.45));
            thick.LineWidth = 9;
        }
        LogTicks.Apply(plot.Axes.Bottom, all.Min(p => p.Flops), all.Max(p => p.Flops));
        LogTicks.Apply(plot.Axes.Left, all.Min(p => p.TestLoss), all.Max(p => p.TestLoss));
        plot.Title("S (one epoch) against training FLOPs; thick: on the lower envelope");
        plot.XLabel("training FLOPs (log)");
        plot.YLabel("test loss, nats/token (log)");
        return FigureFile.Save(plot, directory, FileName);
    }
}
