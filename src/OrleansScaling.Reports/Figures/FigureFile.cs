using ScottPlot;
using ScottPlot.Plottables;

namespace OrleansScaling.Reports.Figures;

/// <summary>How every figure is saved: one size, a white background, a legend that covers no data, small PNGs for docs/.</summary>
public static class FigureFile
{
    public const int Width = 720;
    public const int Height = 460;

    /// <summary>Corners tried for the legend, in order; the first whose rectangle no data reach wins.</summary>
    private static readonly Alignment[] Corners =
        [Alignment.UpperRight, Alignment.UpperLeft, Alignment.LowerRight, Alignment.LowerLeft, Alignment.UpperCenter, Alignment.LowerCenter];

    /// <summary>Pixels kept clear around the legend's frame, besides each mark's own half width.</summary>
    private const float Clearance = 3;

    /// <summary>
    /// Saves the plot with its legend where it hides no data: inside the data area in the first corner that the
    /// figure's points, lines and markers all leave free, else in a panel right of the data area. (A fixed corner
    /// covered the 6.00e12 IsoFLOP profile's points once that profile reached it.)
    /// </summary>
    public static string Save(Plot plot, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        PlaceLegend(plot);
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>
    /// Shows the legend where it covers no data (see <see cref="Save"/>) and returns its rectangle in pixels at the
    /// figure's size, shadow included; null when there is nothing to list.
    /// </summary>
    public static PixelRect? PlaceLegend(Plot plot)
    {
        foreach (var placed in plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().ToList()) plot.Axes.Remove(placed);
        plot.ShowLegend(Alignment.UpperRight);
        plot.RenderInMemory(Width, Height);
        var size = plot.Legend.LastRenderSize;
        if (plot.Legend.GetItems().Length == 0 || size.Width <= 0 || size.Height <= 0) return null;
        var data = plot.RenderManager.LastRender.DataRect;
        var marks = Marks(plot);
        foreach (var corner in Corners)
        {
            var rect = LegendRect(plot, data, size, corner);
            if (!marks.Any(m => m.Reaches(rect, Clearance))) return WithShadow(plot, rect);
        }
        var panel = plot.ShowLegend(Edge.Right);
        panel.Alignment = Alignment.UpperCenter;
        plot.RenderInMemory(Width, Height);
        var layout = plot.RenderManager.LastRender.Layout;
        using var paint = Paint.NewDisposablePaint();
        return panel.GetPanelRect(layout.DataRect, layout.PanelSizes[panel], layout.PanelOffsets[panel], paint);
    }

    /// <summary>Colors by position in a fixed list, so a regime keeps its color across figures.</summary>
    public static Color ColorOf(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static PixelRect LegendRect(Plot plot, PixelRect data, PixelSize size, Alignment corner)
    {
        plot.Legend.Alignment = corner;
        return new PixelRect(0, size.Width, size.Height, 0).AlignedInside(data.Contract(plot.Legend.Margin), corner);
    }

    private static PixelRect WithShadow(Plot plot, PixelRect rect) =>
        new(rect.Left, rect.Right + Math.Max(0, plot.Legend.ShadowOffset.X), rect.Bottom + Math.Max(0, plot.Legend.ShadowOffset.Y), rect.Top);

    /// <summary>
    /// What the plottables draw, in pixels of the last render: a scatter's points (with its marker) and the segments
    /// between them (with its line), a line's segment; any other plottable conservatively its whole bounding box.
    /// </summary>
    private static List<Mark> Marks(Plot plot)
    {
        var marks = new List<Mark>();
        foreach (var plottable in plot.GetPlottables().Where(p => p.IsVisible))
        {
            switch (plottable)
            {
                case Scatter s:
                    AddPolyline(plot, marks, s.Data.GetScatterPoints(), s.MarkerStyle.IsVisible ? s.MarkerSize : 0, s.LineStyle.IsVisible ? s.LineWidth : 0);
                    break;
                case Markers m:
                    AddPolyline(plot, marks, m.Data.GetScatterPoints(), m.MarkerSize, 0);
                    break;
                case LinePlot l:
                    AddPolyline(plot, marks, [l.Start, l.End], 0, l.LineWidth);
                    break;
                default:
                    var limits = plottable.GetAxisLimits();
                    if (!new[] { limits.Left, limits.Right, limits.Bottom, limits.Top }.All(double.IsFinite)) break;
                    var a = plot.GetPixel(new Coordinates(limits.Left, limits.Bottom));
                    var b = plot.GetPixel(new Coordinates(limits.Right, limits.Top));
                    marks.Add(new Mark(new Pixel(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y)), new Pixel(Math.Max(a.X, b.X), Math.Max(a.Y, b.Y)), 0, Box: true));
                    break;
            }
        }
        return marks;
    }

    private static void AddPolyline(Plot plot, List<Mark> marks, IReadOnlyList<Coordinates> points, float markerSize, float lineWidth)
    {
        var pixels = points.Where(c => c.AreReal).Select(plot.GetPixel).ToList();
        if (markerSize > 0) marks.AddRange(pixels.Select(p => new Mark(p, p, markerSize / 2)));
        if (lineWidth > 0)
        {
            for (var i = 1; i < pixels.Count; i++) marks.Add(new Mark(pixels[i - 1], pixels[i], lineWidth / 2));
            if (pixels.Count == 1) marks.Add(new Mark(pixels[0], pixels[0], lineWidth / 2));
        }
    }

    /// <summary>A segment from A to B drawn with half width <paramref name="Radius"/> (a point when A = B), or the box with corners A and B.</summary>
    private sealed record Mark(Pixel A, Pixel B, float Radius, bool Box = false)
    {
        /// <summary>Whether the mark comes within <paramref name="clearance"/> pixels of the rectangle.</summary>
        public bool Reaches(PixelRect rect, float clearance)
        {
            var grow = Radius + clearance;
            float left = rect.Left - grow, right = rect.Right + grow, top = rect.Top - grow, bottom = rect.Bottom + grow;
            if (Box) return A.X <= right && B.X >= left && A.Y <= bottom && B.Y >= top;
            return SegmentMeetsBox(A.X, A.Y, B.X, B.Y, left, right, top, bottom);
        }

        /// <summary>Liang–Barsky: whether any part of the segment lies inside the box.</summary>
        private static bool SegmentMeetsBox(float x0, float y0, float x1, float y1, float left, float right, float top, float bottom)
        {
            float dx = x1 - x0, dy = y1 - y0, from = 0, to = 1;
            foreach (var (p, q) in new[] { (-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0) })
            {
                if (p == 0)
                {
                    if (q < 0) return false;
                    continue;
                }
                var t = q / p;
                if (p < 0) from = Math.Max(from, t);
                else to = Math.Min(to, t);
                if (from > to) return false;
            }
            return true;
        }
    }
}
