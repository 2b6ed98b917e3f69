using System.Text.Json;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Cli.Tests;

/// <summary>`--bootstrap` on the analyses, `osc predict`, `osc plan --fit`, the held-out check and outliers.</summary>
public sealed class BootstrapCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("osc-bootstrap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Osc(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await CommandRouter.RunAsync([new AnalyzeCommand(), new PredictCommand(), new PlanCommand()], args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static double Truth(double n, double d) => 1.69 + 406.4 / Math.Pow(n, 0.34) + 410.7 / Math.Pow(d, 0.28);

    /// <summary>20 runs on a 5 × 4 grid with 1% log-normal noise (seeded), plus optional extra rows.</summary>
    private string Runs(params string[] extra)
    {
        var random = new Random(4);
        var rows = new List<string> { "params,tokens,loss" };
        for (var i = 0; i < 5; i++)
        for (var j = 0; j < 4; j++)
        {
            var (n, d) = (Math.Pow(10, 6 + 0.6 * i), Math.Pow(10, 8 + 0.8 * j));
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            rows.Add(FormattableString.Invariant($"{n:R},{d:R},{Truth(n, d) * Math.Exp(0.01 * g):R}"));
        }
        rows.AddRange(extra);
        var path = Path.Combine(_dir, $"runs{extra.Length}.csv");
        File.WriteAllText(path, string.Join("\n", rows));
        return path;
    }

    private static void AssertInterval(JsonElement interval, double value)
    {
        Assert.Equal(2, interval.GetArrayLength());
        Assert.InRange(value, interval[0].GetDouble(), interval[1].GetDouble());
    }

    [Fact]
    public async Task Fit_with_bootstrap_adds_intervals_samples_and_optimum_intervals_and_is_seeded()
    {
        var runs = Runs();
        var (exit, output, error) = await Osc("analyze", "fit", "--points", runs, "--budget", "1e20", "--bootstrap", "20", "--seed", "2", "--json");

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(20, root.GetProperty("bootstrap").GetInt32());
        foreach (var name in new[] { "e", "a", "alpha", "b", "beta" })
            AssertInterval(root.GetProperty("intervals").GetProperty(name), root.GetProperty(name).GetDouble());
        Assert.Equal(20, root.GetProperty("samples").GetArrayLength());
        Assert.Equal(5, root.GetProperty("samples")[0].GetArrayLength());
        var optimum = root.GetProperty("optimal")[0];
        AssertInterval(optimum.GetProperty("paramsInterval"), optimum.GetProperty("params").GetDouble());
        AssertInterval(optimum.GetProperty("tokensInterval"), optimum.GetProperty("tokens").GetDouble());
        AssertInterval(optimum.GetProperty("tokensPerParamInterval"), optimum.GetProperty("tokensPerParam").GetDouble());

        var again = await Osc("analyze", "fit", "--points", runs, "--budget", "1e20", "--bootstrap", "20", "--seed", "2", "--json");
        Assert.Equal(output, again.Output);
        var text = await Osc("analyze", "fit", "--points", runs, "--bootstrap", "20");
        Assert.Matches(@"L\(N, D\) = \d\.\d{4} \[\d\.\d{4}, \d\.\d{4}\] \+ ", text.Output);
    }

    [Fact]
    public async Task Without_bootstrap_the_fit_output_has_none_of_the_new_fields()
    {
        var (exit, output, _) = await Osc("analyze", "fit", "--points", Runs(), "--budget", "1e20", "--json");

        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(output).RootElement;
        var names = root.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["e", "a", "alpha", "b", "beta", "objective", "starts", "failedStarts", "optimal"], names);
        Assert.Equal(["flops", "params", "tokens", "tokensPerParam"], root.GetProperty("optimal")[0].EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task Predict_reads_the_fit_and_gives_the_loss_with_an_interval_and_plan_shows_it_per_run()
    {
        var fitFile = Path.Combine(_dir, "fit.json");
        var fit = await Osc("analyze", "fit", "--points", Runs(), "--bootstrap", "20", "--json");
        File.WriteAllText(fitFile, fit.Output);

        var (exit, output, error) = await Osc("predict", "--fit", fitFile, "--params", "1e7", "--tokens", "1e9", "--json");

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        // The contract's fields in order, then what the interval rests on (every interval says it).
        Assert.Equal(["params", "tokens", "flops", "loss", "interval", "basis"], root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(6e16, root.GetProperty("flops").GetDouble(), 1e6);
        Assert.InRange(root.GetProperty("loss").GetDouble(), Truth(1e7, 1e9) * 0.97, Truth(1e7, 1e9) * 1.03);
        AssertInterval(root.GetProperty("interval"), root.GetProperty("loss").GetDouble());
        Assert.Matches(@"predicted loss \d\.\d{4} \[\d\.\d{4}, \d\.\d{4}\] nats", (await Osc("predict", "--fit", fitFile, "--params", "1e7", "--tokens", "1e9")).Output);

        var plan = await Osc("plan", "--p0", "1e6", "--t0", "5e6", "--fit", fitFile, "--json");
        Assert.True(plan.Exit == 0, plan.Error);
        var chosen = JsonDocument.Parse(plan.Output).RootElement.GetProperty("chosen");
        AssertInterval(chosen.GetProperty("predictedLossInterval"), chosen.GetProperty("predictedLoss").GetDouble());
        Assert.Contains("predicted final test loss", (await Osc("plan", "--p0", "1e6", "--t0", "5e6", "--fit", fitFile)).Output);
    }

    [Fact]
    public async Task Holdout_predicts_the_runs_above_the_threshold_and_exclusion_and_outliers_are_listed()
    {
        // Two large runs to hold out, and one run whose loss is 30% too high: the highest loss and an outlier.
        var runs = Runs(FormattableString.Invariant($"{1e9:R},{1e11:R},{Truth(1e9, 1e11):R}"), FormattableString.Invariant($"{2e9:R},{1e11:R},{Truth(2e9, 1e11):R}"),
            FormattableString.Invariant($"{1e6:R},{1e8:R},{Truth(1e6, 1e8) * 1.3:R}"));

        var (exit, output, error) = await Osc("analyze", "fit", "--points", runs, "--holdout-above", "5e19", "--bootstrap", "20", "--json");

        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        var holdout = root.GetProperty("holdout");
        Assert.Equal(2, holdout.GetArrayLength());
        foreach (var row in holdout.EnumerateArray())
        {
            Assert.True(row.GetProperty("flops").GetDouble() > 5e19);
            Assert.Equal(row.GetProperty("measured").GetDouble() >= row.GetProperty("interval")[0].GetDouble() && row.GetProperty("measured").GetDouble() <= row.GetProperty("interval")[1].GetDouble(),
                row.GetProperty("inside").GetBoolean());
        }
        Assert.Equal(1e6, root.GetProperty("outliers")[0].GetProperty("params").GetDouble(), 1);

        var excluded = await Osc("analyze", "fit", "--points", runs, "--exclude-highest-loss", "1", "--json");
        var left = JsonDocument.Parse(excluded.Output).RootElement.GetProperty("excluded");
        Assert.Equal(Truth(1e6, 1e8) * 1.3, left[0].GetProperty("loss").GetDouble(), 9);
        Assert.Contains("left out (1 highest losses)", (await Osc("analyze", "fit", "--points", runs, "--exclude-highest-loss", "1")).Output);
    }

    [Theory]
    [InlineData("--bootstrap must be a number of resamples", "analyze", "fit", "--bootstrap", "3")]
    [InlineData("--holdout-above: only 0 run(s)", "analyze", "fit", "--holdout-above", "1")]
    [InlineData("--holdout-above: no run above", "analyze", "fit", "--holdout-above", "1e30")]
    [InlineData("--exclude-highest-loss: can leave out 0 to 19", "analyze", "fit", "--exclude-highest-loss", "20")]
    [InlineData("--fit", "predict", "--fit", "RUNS", "--params", "1e6", "--tokens", "1e8")]
    [InlineData("--tokens is required", "predict", "--fit", "RUNS", "--params", "1e6")]
    public async Task Bad_input_exits_2_naming_the_flag(string words, params string[] args)
    {
        var runs = Runs();
        var full = args.Select(a => a == "RUNS" ? runs : a).ToList();
        if (full[0] == "analyze") full.InsertRange(2, ["--points", runs]);

        var (exit, output, error) = await Osc([.. full]);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", output);
        Assert.Contains(words, error.Split('\n')[0]);
    }

    private string Curve(string name, IEnumerable<long> iterations, Func<long, double> loss)
    {
        var points = iterations.Select(i => new CurvePoint(i, i * 1024, 6.0 * 1e6 * 1024 * i, loss(i), loss(i), 1e-3, i * 0.1, 10_240)).ToList();
        var path = Path.Combine(_dir, name);
        CurveCsv.WriteFile(path, points);
        return path;
    }

    [Fact]
    public async Task Speedup_takes_seed_pairs_and_its_interval_spans_them_and_the_grid()
    {
        var grid = Enumerable.Range(1, 20).Select(k => 20L * k).ToList();
        var s = Curve("s.csv", grid, i => 6 * Math.Pow(i, -0.25));
        // M's best at 300, where S is at 6·300^−0.25; pair 2's M is a little worse, so S reaches it sooner.
        var m1 = Curve("m1.csv", grid, i => 6 * Math.Pow(300, -0.25) + 1e-4 * Math.Pow((i - 300) / 20.0, 2));
        var m2 = Curve("m2.csv", grid, i => 6 * Math.Pow(250, -0.25) + 1e-4 * Math.Pow((i - 300) / 20.0, 2));

        var one = await Osc("analyze", "speedup", "--s", s, "--m", m1, "--bootstrap", "200", "--json");
        var interval = JsonDocument.Parse(one.Output).RootElement.GetProperty("speedupInterval");
        Assert.True(interval[0].GetDouble() < 1.0 && interval[1].GetDouble() > 1.0, one.Output); // the grid: best within 290..310

        var (exit, output, error) = await Osc("analyze", "speedup", "--s", s, "--m", m1, "--s", s, "--m", m2, "--bootstrap", "200", "--json");
        Assert.True(exit == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, root.GetProperty("pairs").GetArrayLength());
        Assert.Equal((1.0 + 300 / 250.0) / 2, root.GetProperty("speedup").GetDouble(), 2);
        AssertInterval(root.GetProperty("speedupInterval"), root.GetProperty("speedup").GetDouble());
        Assert.True(root.GetProperty("speedupInterval")[1].GetDouble() > 1.15);
        Assert.Contains("--m per --s", (await Osc("analyze", "speedup", "--s", s, "--s", s, "--m", m1)).Error);
    }

    [Fact]
    public async Task Powerlaw_and_isoflop_intervals_contain_their_estimates()
    {
        var random = new Random(3);
        var curve = Curve("c.csv", Enumerable.Range(1, 40).Select(k => 50L * k), i => 8 * Math.Pow(i, -0.2) * Math.Exp(0.005 * (random.NextDouble() - 0.5)));
        var p = JsonDocument.Parse((await Osc("analyze", "powerlaw", "--curve", curve, "--from", "200", "--bootstrap", "100", "--json")).Output).RootElement;
        AssertInterval(p.GetProperty("exponentInterval"), 0.2);
        AssertInterval(p.GetProperty("coefficientInterval"), p.GetProperty("coefficient").GetDouble());

        var rows = new List<string> { "params,tokens,loss,budget" };
        foreach (var c in new[] { 1e18, 1e19 })
        foreach (var ratio in new[] { 1.0, 4, 16, 64, 256 })
        {
            var n = Math.Sqrt(c / 6 / ratio);
            var d = c / 6 / n;
            rows.Add(FormattableString.Invariant($"{n:R},{d:R},{Truth(n, d) * Math.Exp(0.003 * (random.NextDouble() - 0.5)):R},{c:R}"));
        }
        var table = Path.Combine(_dir, "iso.csv");
        File.WriteAllText(table, string.Join("\n", rows));
        var iso = JsonDocument.Parse((await Osc("analyze", "isoflop", "--points", table, "--bootstrap", "100", "--json")).Output).RootElement;
        foreach (var b in iso.GetProperty("budgets").EnumerateArray())
        {
            Assert.Equal(2, b.GetProperty("optimalParamsInterval").GetArrayLength());
            Assert.Equal(2, b.GetProperty("tokensPerParamInterval").GetArrayLength());
        }
    }
}
