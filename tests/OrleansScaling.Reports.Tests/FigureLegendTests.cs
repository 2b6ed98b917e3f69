using OrleansScaling.Reports.Figures;
using ScottPlot;
using SkiaSharp;

namespace OrleansScaling.Reports.Tests;

/// <summary>
/// Every figure is saved through <see cref="FigureFile"/>, which places the legend; these check, on the rendered
/// pixels, that the legend's rectangle covers no data: drawn without the legend, the figure is blank there (white
/// background or the light grid, never a data color).
/// </summary>
public sealed class FigureLegendTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("osc-legend-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [Fact]
    public void The_isoflop_shape_that_was_covered_gets_a_legend_over_no_data()
    {
        // docs/data/default's IsoFLOP profiles: the largest budget lowest, reaching the lower right corner (where the
        // legend used to be fixed), the smallest budget highest, reaching the upper right.
        var plot = new Plot();
        (double Lo, double Hi, double Min, double Loss, string Label)[] profiles =
        [
            (4.78, 6.0, 5.0, 4.93, "C = 2.40e12 FLOPs: D*/N* = 38.1"),
            (5.1, 6.1, 5.2, 4.66, "C = 6.00e12 FLOPs: D*/N* = 43.7"),
            (4.3, 5.85, 4.3, 5.22, "C = 8.99e11 FLOPs: D*/N* = 325.7"),
        ];
        for (var i = 0; i < profiles.Length; i++)
        {
            var (lo, hi, min, loss, label) = profiles[i];
            var xs = Enumerable.Range(0, 6).Select(k => lo + (hi - lo) * k / 5).ToArray();
            var dots = plot.Add.Markers(xs, xs.Select(x => loss + 0.55 * (x - min) * (x - min)).ToArray(), MarkerShape.FilledCircle, 8, FigureFile.ColorOf(i));
            dots.LegendText = label;
            plot.Add.ScatterLine(xs, xs.Select(x => loss + 0.55 * (x - min) * (x - min)).ToArray(), FigureFile.ColorOf(i));
        }

        var legend = FigureFile.PlaceLegend(plot);

        AssertCoversNoData(plot, legend);
    }

    [Fact]
    public void With_three_corners_taken_the_legend_goes_to_the_free_one()
    {
        var plot = new Plot();
        var taken = plot.Add.Markers(new double[] { 0, 10, 10, 5 }, new double[] { 10, 10, 0, 5 }, MarkerShape.FilledCircle, 10, FigureFile.ColorOf(0));
        taken.LegendText = "upper left, upper right, lower right";
        var line = plot.Add.ScatterLine(new double[] { 0, 10 }, new double[] { 10, 10 }, FigureFile.ColorOf(1));
        line.LegendText = "along the top";

        var legend = FigureFile.PlaceLegend(plot)!.Value;

        var data = plot.RenderManager.LastRender.DataRect;
        Assert.True(legend.Left < data.HorizontalCenter && legend.Top > data.VerticalCenter, $"legend at {legend}, data area {data}: expected the lower left");
        AssertCoversNoData(plot, legend);
    }

    [Fact]
    public void When_data_leave_no_corner_free_the_legend_goes_beside_the_data_area()
    {
        var plot = new Plot();
        // Markers on a grid every 1 unit over 0..10 in x and y: no rectangle a legend needs is free of them.
        var grid = Enumerable.Range(0, 11).SelectMany(x => Enumerable.Range(0, 11).Select(y => (X: (double)x, Y: (double)y))).ToList();
        var dots = plot.Add.Markers(grid.Select(p => p.X).ToArray(), grid.Select(p => p.Y).ToArray(), MarkerShape.FilledCircle, 6, FigureFile.ColorOf(0));
        dots.LegendText = "a grid over the whole data area";

        var legend = FigureFile.PlaceLegend(plot)!.Value;

        var data = plot.RenderManager.LastRender.DataRect;
        Assert.True(legend.Left >= data.Right, $"legend at {legend}, data area {data}: expected right of it");
        Assert.False(legend.Left < data.Right && legend.Right > data.Left && legend.Top < data.Bottom && legend.Bottom > data.Top);
        var path = FigureFile.Save(plot, _out, "corners.png");
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((FigureFile.Width, FigureFile.Height), (bitmap.Width, bitmap.Height));
    }

    /// <summary>Renders the plot again without its legend and checks that every pixel under the legend is blank.</summary>
    private void AssertCoversNoData(Plot plot, PixelRect? placed)
    {
        Assert.NotNull(placed);
        var legend = placed.Value;
        var path = FigureFile.Save(plot, _out, "with-legend.png");
        Assert.Equal(legend, FigureFile.PlaceLegend(plot)); // placing again (as Save did) puts it at the same place
        plot.HideLegend();
        plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().ToList().ForEach(p => plot.Axes.Remove(p));
        plot.SavePng(Path.Combine(_out, "without-legend.png"), FigureFile.Width, FigureFile.Height);
        using var bitmap = SKBitmap.Decode(Path.Combine(_out, "without-legend.png"));
        var inked = new List<string>();
        for (var y = (int)Math.Floor(legend.Top); y <= (int)Math.Ceiling(legend.Bottom) && y < bitmap.Height; y++)
        {
            for (var x = (int)Math.Floor(legend.Left); x <= (int)Math.Ceiling(legend.Right) && x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 200 || c.Green < 200 || c.Blue < 200) inked.Add($"({x},{y})");
            }
        }
        Assert.True(inked.Count == 0, $"the legend at {legend} would cover {inked.Count} inked pixels, e.g. {string.Join(" ", inked.Take(5))}");
    }
}
