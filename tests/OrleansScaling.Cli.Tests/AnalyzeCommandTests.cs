using System.Text.Json;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("osc-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Osc(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await CommandRouter.RunAsync([new AnalyzeCommand()], ["analyze", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A curve file evaluated every <paramref name="step"/> iterations; FLOPs = 6·P·c·I with c = 2048.</summary>
    private string CurveFile(string name, long step, long last, Func<long, double> loss, long parameters = 1_000_000)
    {
        var points = new List<CurvePoint>();
        for (var i = step; i <= last; i += step)
            points.Add(new CurvePoint(i, i * 2048, 6.0 * parameters * 2048 * i, loss(i), loss(i), 1e-3, i * 0.1, 20_480));
        var path = Path.Combine(_dir, name);
        CurveCsv.WriteFile(path, points);
        return path;
    }

    private string TextFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Speedup_json_has_the_contract_fields_with_the_known_answer()
    {
        var s = CurveFile("s.csv", 100, 10_000, i => 6 * Math.Pow(i, -0.25));
        var best = 6 * Math.Pow(2050, -0.25);
        var m = CurveFile("m.csv", 500, 10_000, i => best + 1e-4 * Math.Pow((i - 6000) / 1000.0, 2));

        var (exit, output, error) = await Osc("speedup", "--s", s, "--m", m, "--json");

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(6000 / 2050.0, root.GetProperty("speedup").GetDouble(), 9);
        Assert.Equal(6000, root.GetProperty("multiEpochBestIteration").GetInt64());
        Assert.Equal(best, root.GetProperty("multiEpochBestLoss").GetDouble());
        Assert.Equal(2050, root.GetProperty("singleEpochIterationToReach").GetDouble(), 6);
        var text = await Osc("speedup", "--s", s, "--m", m);
        Assert.Contains("speedup 2.93×", text.Output);
        Assert.Contains("nats", text.Output);
    }

    [Fact]
    public async Task Powerlaw_json_has_the_contract_fields_and_from_overrides_the_start()
    {
        var curve = CurveFile("c.csv", 100, 4000, i => i <= 300 ? 3.0 : 8 * Math.Pow(i, -0.2));

        var (exit, output, error) = await Osc("powerlaw", "--curve", curve, "--from", "1000", "--json");

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.2, root.GetProperty("exponent").GetDouble(), 9);
        Assert.Equal(8, root.GetProperty("coefficient").GetDouble(), 6);
        Assert.Equal(1, root.GetProperty("r2").GetDouble(), 9);
        Assert.Equal(1000, root.GetProperty("fromIteration").GetInt64());
        Assert.Equal(4000, root.GetProperty("toIteration").GetInt64());
        var detected = JsonDocument.Parse((await Osc("powerlaw", "--curve", curve, "--json")).Output).RootElement;
        Assert.Equal(400, detected.GetProperty("fromIteration").GetInt64());
    }

    [Fact]
    public async Task Frontier_json_has_sizes_overlap_and_null_for_an_open_upper_end()
    {
        // Loss in FLOPs: small 1e3·F^(−0.3), large crosses it at F* = 6·1e6·2048·5000 (small's iteration 5000).
        var crossing = 6.0 * 1e6 * 2048 * 5000;
        double Small(double f) => 1e3 * Math.Pow(f, -0.3);
        double Large(double f) => Small(crossing) * Math.Pow(f / crossing, -0.4);
        var small = CurveFile("small.csv", 100, 20_000, i => Small(6.0 * 1e6 * 2048 * i));
        var large = CurveFile("large.csv", 100, 20_000, i => Large(6.0 * 4e6 * 2048 * i), 4_000_000);

        var (exit, output, error) = await Osc("frontier", "--curve", small, "--params", "1e6", "--curve", large, "--params", "4e6",
            "--tokens-per-iteration", "2048", "--json");

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        var sizes = root.GetProperty("sizes");
        Assert.Equal(1_000_000, sizes[0].GetProperty("params").GetInt64());
        Assert.Equal(0, sizes[0].GetProperty("optimalIterations")[0].GetDouble());
        Assert.Equal(5000, sizes[0].GetProperty("optimalIterations")[1].GetDouble(), 6);
        Assert.Equal(5000 * 2048 / 1e6, sizes[0].GetProperty("optimalTokensPerParam")[1].GetDouble(), 9);
        Assert.Equal(1250, sizes[1].GetProperty("optimalIterations")[0].GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, sizes[1].GetProperty("optimalIterations")[1].ValueKind);
        var overlap = root.GetProperty("overlap");
        Assert.Equal(1250 * 2048 / 4e6, overlap[0].GetDouble(), 9);
        Assert.Equal(5000 * 2048 / 1e6, overlap[1].GetDouble(), 9);
        Assert.Equal(Math.Sqrt(0.64 * 10.24), root.GetProperty("geometricMean").GetDouble(), 9);
        var text = (await Osc("frontier", "--curve", small, "--params", "1e6", "--curve", large, "--params", "4e6", "--tokens-per-iteration", "2048")).Output;
        Assert.Contains("[1,250, ∞)", text);
        Assert.Contains("geometric mean 2.56 tokens/param", text);
    }

    [Fact]
    public async Task Isoflop_and_fit_read_a_table_of_runs()
    {
        var rows = new List<string> { "params,tokens,loss,budget" };
        foreach (var c in new[] { 1e18, 1e19, 1e20 })
        foreach (var ratio in new[] { 1.0, 4, 16, 64, 256 })
        {
            var n = Math.Sqrt(c / 6 / ratio);
            var d = c / 6 / n;
            rows.Add(FormattableString.Invariant($"{n:R},{d:R},{1.69 + 406.4 / Math.Pow(n, 0.34) + 410.7 / Math.Pow(d, 0.28):R},{c:R}"));
        }
        var table = TextFile("runs.csv", string.Join("\n", rows));

        var iso = await Osc("isoflop", "--points", table, "--json");
        Assert.True(iso.Exit == 0, iso.Error);
        var budgets = JsonDocument.Parse(iso.Output).RootElement.GetProperty("budgets");
        Assert.Equal(3, budgets.GetArrayLength());
        Assert.InRange(budgets[2].GetProperty("tokensPerParam").GetDouble(), 4, 256);

        var fit = await Osc("fit", "--points", table, "--budget", "1e20", "--json");
        Assert.True(fit.Exit == 0, fit.Error);
        var root = JsonDocument.Parse(fit.Output).RootElement;
        Assert.Equal(0.34, root.GetProperty("alpha").GetDouble(), 2);
        Assert.Equal(1e20 / 6, root.GetProperty("optimal")[0].GetProperty("params").GetDouble() * root.GetProperty("optimal")[0].GetProperty("tokens").GetDouble(), 1e20 * 1e-9);
    }

    public static TheoryData<string, string, string> BadCurves() => new()
    {
        { "missing.csv", "iteration,tokens,flops\n100,204800,1e12\n", "line 1, column testLoss: missing column" },
        { "empty.csv", "iteration,tokens,flops,testLoss\n", "no rows" },
        { "nan.csv", "iteration,tokens,flops,testLoss\n100,1,1,3\n200,2,2,NaN\n300,3,3,2\n", "line 3, column testLoss" },
        { "unsorted.csv", "iteration,tokens,flops,testLoss\n200,1,1,3\n100,2,2,2.5\n300,3,3,2\n", "line 3, column iteration" },
        { "blank.csv", "", "empty" },
    };

    [Theory]
    [MemberData(nameof(BadCurves))]
    public async Task Bad_curves_exit_2_naming_the_file_line_and_column(string name, string content, string words)
    {
        var bad = TextFile(name, content);
        var good = CurveFile("good.csv", 100, 1000, i => 5.0 / Math.Sqrt(i));

        var (exit, output, error) = await Osc("speedup", "--s", good, "--m", bad);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", output);
        Assert.Contains(bad, error);
        Assert.Contains(words, error);
    }

    [Fact]
    public async Task Other_bad_input_exits_2_naming_the_flag()
    {
        var good = CurveFile("good.csv", 100, 1000, i => 5.0 / Math.Sqrt(i));
        Assert.Contains("does not exist", (await Osc("powerlaw", "--curve", Path.Combine(_dir, "nope.csv"))).Error);
        var from = await Osc("powerlaw", "--curve", good, "--from", "990");
        Assert.True(from.Exit == ExitCodes.BadInput && from.Error.Contains("--from: only 1 evaluation(s) at or after iteration 990"), from.Error);
        var frontier = await Osc("frontier", "--curve", good, "--params", "1e6", "--tokens-per-iteration", "2048");
        Assert.Equal((ExitCodes.BadInput, true), (frontier.Exit, frontier.Error.Contains("--curve: a frontier needs curves of at least 2 sizes")));
        var pairs = await Osc("frontier", "--curve", good, "--curve", good, "--params", "1e6", "--tokens-per-iteration", "2048");
        Assert.Contains("one --params per --curve", pairs.Error);
        Assert.Contains("name one analysis", (await Osc("speedups")).Error);
        Assert.Equal(ExitCodes.BadInput, (await Osc("powerlaw", "--curve", good, "--form", "cubic")).Exit);
    }
}
