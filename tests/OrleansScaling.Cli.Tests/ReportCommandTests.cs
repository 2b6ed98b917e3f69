using System.Text.Json;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("osc-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Osc(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await CommandRouter.RunAsync([new ReportCommand()], ["report", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>An export of two S runs (d = 64 and 128) whose losses fall as power laws, the larger one lower.</summary>
    private void WriteComparison()
    {
        var curves = Directory.CreateDirectory(Path.Combine(_dir, "data", "comparison", "curves")).FullName;
        var rows = new List<string> { "runId,key,dModel,layers,heads,context,vocab,batchSize,iterations,epochs,dropout,seed,status" };
        foreach (var d in new[] { 64, 128 })
        {
            var shape = new ModelShape(d, 2, d / 64, 64, 256);
            var points = Enumerable.Range(1, 20).Select(k => 50L * k)
                .Select(i => new CurvePoint(i, i * 256, shape.FlopsPerToken * i * 256, double.NaN, (d == 64 ? 6.0 : 5.5) * Math.Pow(i, -0.15), 1e-3, i / 10.0, 1000)).ToList();
            CurveCsv.WriteFile(Path.Combine(curves, $"d{d}-L2-S-seed1.csv"), points);
            rows.Add($"r{d},d{d}-L2-S-seed1,{d},2,{d / 64},64,256,4,1000,1,0,1,succeeded");
        }
        File.WriteAllLines(Path.Combine(_dir, "data", "comparison", "runs.csv"), rows);
    }

    [Fact]
    public async Task Report_json_lists_the_figures_and_tables_it_wrote()
    {
        WriteComparison();
        var (exit, output, _) = await Osc("--data", Path.Combine(_dir, "data"), "--out", Path.Combine(_dir, "out"), "--json");
        Assert.Equal(ExitCodes.Success, exit);
        using var json = JsonDocument.Parse(output);
        var figures = json.RootElement.GetProperty("figures").EnumerateArray().Select(f => Path.GetFileName(f.GetString())).Order().ToList();
        Assert.Equal(["curves-d128.png", "curves-d64.png", "flops-frontier.png"], figures);
        Assert.All(figures, f => Assert.True(new FileInfo(Path.Combine(_dir, "out", f!)).Length > 10_000));
        Assert.Contains("| d64-L2-S-seed1 | 0.150 |", File.ReadAllText(json.RootElement.GetProperty("tables").GetString()!));
    }

    [Fact]
    public async Task A_missing_data_option_or_folder_exits_2_naming_it()
    {
        var (exit, _, error) = await Osc("--out", _dir);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--data", error);

        (exit, _, error) = await Osc("--data", Path.Combine(_dir, "nowhere"), "--out", _dir);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("nowhere", error);
    }
}
