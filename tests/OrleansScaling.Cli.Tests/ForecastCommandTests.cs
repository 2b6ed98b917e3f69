using System.Text.Json;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Cli.Tests;

public sealed class ForecastCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("osc-forecast-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Osc(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await CommandRouter.RunAsync([new AnalyzeCommand()], ["analyze", "forecast", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A constant-rate run (peak 1e-3, warmup 50) following L = 2 + 6·S1^(−0.45), evaluated every 25 iterations up to <paramref name="last"/>.</summary>
    private string Curve(long last, string name = "x.csv")
    {
        var points = new List<CurvePoint>();
        double s1 = 0;
        for (long i = 1; i <= last; i++)
        {
            var rate = i - 1 < 50 ? 1e-3 * i / 51 : 1e-3;
            s1 += rate / 1e-3;
            if (i % 25 == 0) points.Add(new CurvePoint(i, i * 1024, i * 1e9, 0, 2 + 6 * Math.Pow(s1, -0.45), rate, i * 0.1, 1e4));
        }
        var path = Path.Combine(_dir, name);
        CurveCsv.WriteFile(path, points);
        return path;
    }

    [Fact]
    public async Task Json_has_the_contract_fields()
    {
        var (exit, output, error) = await Osc("--curve", Curve(500), "--iterations", "1000", "--bootstrap", "20", "--json");

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        var final = root.GetProperty("finalLoss").GetDouble();
        var truth = 2 + 6 * Math.Pow(1000 - 25, -0.45);
        Assert.Equal(truth, final, truth * 2e-3);
        var interval = root.GetProperty("interval");
        Assert.Equal(2, interval.GetArrayLength());
        Assert.True(interval[0].GetDouble() < final && final < interval[1].GetDouble());
        Assert.Equal(500, root.GetProperty("fromIteration").GetInt64());
        Assert.Equal(1000, root.GetProperty("toIteration").GetInt64());
        Assert.Equal("evaluations", root.GetProperty("basis").GetProperty("of").GetString());
        Assert.Equal(20, root.GetProperty("basis").GetProperty("resamples").GetInt32());
        Assert.True(root.GetProperty("law").GetProperty("alpha").GetDouble() > 0);

        var text = await Osc("--curve", Curve(500), "--iterations", "1000", "--bootstrap", "20", "--schedule", "constant", "--lr", "1e-3", "--warmup", "50");
        Assert.True(text.Exit == 0, text.Error);
        Assert.Contains("final test loss at iteration 1,000:", text.Output);
        Assert.Contains("forecast from the curve up to iteration 500", text.Output);
    }

    public static TheoryData<string[], string> BadInput() => new()
    {
        { ["--iterations", "1000"], "--curve" },
        { ["--curve", "{short}", "--iterations", "1000"], "--curve" },
        { ["--curve", "{long}", "--iterations", "400"], "--iterations" },
        { ["--curve", "{long}"], "--iterations is required" },
        { ["--curve", "{long}", "--iterations", "1000", "--schedule", "linear"], "--schedule must be constant or cosine" },
        { ["--curve", "{long}", "--iterations", "1000", "--lr", "-1"], "--lr" },
        { ["--curve", "{long}", "--iterations", "1000", "--warmup", "-5"], "--warmup" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_exits_2_naming_the_field(string[] args, string named)
    {
        var (shortCurve, longCurve) = (Curve(150, "short.csv"), Curve(500, "long.csv"));
        var filled = args.Select(a => a.Replace("{short}", shortCurve).Replace("{long}", longCurve)).ToArray();

        var (exit, _, error) = await Osc(filled);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(named, error);
    }

    [Fact]
    public async Task Too_few_evaluations_say_how_many_are_needed()
    {
        var (exit, _, error) = await Osc("--curve", Curve(150), "--iterations", "1000");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("evaluations after warmup", error);
        Assert.Contains("needs at least 5", error);
    }
}
