using SkiaSharp;

namespace OrleansScaling.Reports.Tests;

/// <summary>Shares one drawn report across the tests: drawing and the approach-3 fit take seconds.</summary>
public sealed class DrawnReport : IDisposable
{
    public SyntheticStudy Study { get; } = new();
    public string Out { get; }
    public ReportOutput Output { get; }
    public string Tables { get; }

    public DrawnReport()
    {
        Out = Path.Combine(Study.Directory, "figures");
        Output = StudyReport.Write(Study.Directory, Out);
        Tables = File.ReadAllText(Output.Tables);
    }

    public void Dispose() => Study.Dispose();
}

public sealed class ReportFiguresTests(DrawnReport report) : IClassFixture<DrawnReport>
{
    [Fact]
    public void Draws_a_learning_curve_figure_per_size_the_frontier_and_the_isoflop_profiles()
    {
        var names = report.Output.Figures.Select(Path.GetFileName).Order().ToList();
        // One learning-curve figure per size with a one-epoch run: d192 is trained only in the IsoFLOP profiles.
        Assert.Equal(["curves-d128.png", "curves-d192.png", "curves-d64.png", "flops-frontier.png", "isoflop.png"], names);
    }

    [Fact]
    public void Every_figure_is_a_png_of_the_chosen_size_with_drawing_on_it()
    {
        foreach (var figure in report.Output.Figures)
        {
            using var bitmap = SKBitmap.Decode(figure);
            Assert.NotNull(bitmap);
            Assert.Equal((720, 460), (bitmap.Width, bitmap.Height));
            var inked = 0;
            for (var y = 0; y < bitmap.Height; y += 2)
            {
                for (var x = 0; x < bitmap.Width; x += 2)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (c.Red < 200 || c.Green < 200 || c.Blue < 200) inked++;
                }
            }
            // Axes, labels and lines cover a few percent of a figure; an empty plot or a blank image would not.
            Assert.True(inked > bitmap.Width * bitmap.Height / 4 / 50, $"{figure}: only {inked} inked pixels of {bitmap.Width * bitmap.Height / 4} sampled");
            Assert.InRange(new FileInfo(figure).Length, 10_000, 300_000);
        }
    }

    [Fact]
    public void Redrawing_from_the_same_csvs_gives_the_same_tables()
    {
        var again = StudyReport.Write(report.Study.Directory, Path.Combine(report.Study.Directory, "again"));
        Assert.Equal(report.Tables, File.ReadAllText(again.Tables));
    }

    [Fact]
    public void A_folder_without_exports_is_refused_naming_what_it_needs()
    {
        var empty = Directory.CreateDirectory(Path.Combine(report.Study.Directory, "empty")).FullName;
        var error = Assert.Throws<ArgumentException>(() => StudyReport.Write(empty, Path.Combine(empty, "out")));
        Assert.Contains("runs.csv and curves/", error.Message);
    }
}
