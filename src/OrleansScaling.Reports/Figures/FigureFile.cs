using ScottPlot;

namespace OrleansScaling.Reports.Figures;

/// <summary>How every figure is saved: one size, a white background, legend inside, small PNGs for docs/.</summary>
public static class FigureFile
{
    public const int Width = 720;
    public const int Height = 460;

    /// <param name="legend">Where the legend goes: a corner the figure's data leave empty.</param>
    public static string Save(Plot plot, string directory, string name, Alignment legend = Alignment.UpperRight)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        plot.ShowLegend(legend);
        plot.SavePng(path, Width, Height);
        return path;
    }

    /// <summary>Colors by position in a fixed list, so a regime keeps its color across figures.</summary>
    public static Color ColorOf(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}
