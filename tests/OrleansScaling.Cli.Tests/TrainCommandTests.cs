using System.Text.Json;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;

namespace OrleansScaling.Cli.Tests;

public class TrainCommandTests
{
    private static readonly string Cache = Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", "cache");

    private static Task<(int Exit, string Output, string Error, string Progress)> Osc(params string[] args) =>
        OscWith(new StringWriter(), CancellationToken.None, args);

    private static async Task<(int Exit, string Output, string Error, string Progress)> OscWith(
        StringWriter progress, CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandRouter.RunAsync([new TrainCommand(progress)], ["train", .. args, "--cache", Cache], output, error, cancellationToken);
        return (exit, output.ToString(), error.ToString(), progress.ToString());
    }

    /// <summary>A tiny run's required options with the given overrides/extras appended (later options win).</summary>
    private static string[] Tiny(params string[] extra) =>
        ["--d-model", "32", "--layers", "1", "--heads", "2", "--context", "16", "--batch", "2", "--iterations", "5",
         "--corpus", "brown", "--out", NewOut(), .. extra];

    private static string NewOut() => Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Train_prints_one_json_summary_with_the_contract_fields_and_writes_the_curve()
    {
        string dir = NewOut();
        var (exit, output, error, progress) = await Osc("--d-model", "32", "--layers", "1", "--heads", "2", "--context", "32",
            "--batch", "8", "--iterations", "40", "--epochs", "1", "--dropout", "0", "--corpus", "brown", "--seed", "1",
            "--out", dir, "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        foreach (string field in new[] { "params", "flopsPerToken", "iterations", "tokensSeen", "uniqueTokensSeen", "epochs", "dropout",
                     "finalTestLoss", "bestTestLoss", "curveCsv", "wallSeconds", "tokensPerSecond" })
            Assert.True(root.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal(40, root.GetProperty("iterations").GetInt64());
        Assert.Equal(40 * 8 * 32, root.GetProperty("tokensSeen").GetInt64());
        Assert.Equal(root.GetProperty("tokensSeen").GetInt64(), root.GetProperty("uniqueTokensSeen").GetInt64());
        string curve = root.GetProperty("curveCsv").GetString()!;
        Assert.StartsWith("iteration,tokens,flops,trainLoss,testLoss", File.ReadLines(curve).First());
        Assert.Contains("iter 40/40", progress);
    }

    [Fact]
    public async Task A_diverging_run_writes_its_curve_up_to_the_divergence_and_says_diverged_at_iteration_n()
    {
        string dir = NewOut();
        var (exit, output, error, _) = await Osc("--d-model", "32", "--layers", "1", "--heads", "2", "--context", "16",
            "--batch", "2", "--iterations", "20", "--evaluations", "20", "--corpus", "brown", "--lr", "1e9", "--out", dir, "--json");

        Assert.Equal(ExitCodes.Failure, exit);
        var said = System.Text.RegularExpressions.Regex.Match(error, @"diverged at iteration (\d+) \(loss [^)]+\); lower the learning rate");
        Assert.True(said.Success, error);
        long iteration = long.Parse(said.Groups[1].Value);
        // The summary (JSON with NaN as a named literal where the curve is empty) says diverged and where.
        using var json = JsonDocument.Parse(output);
        Assert.Equal("diverged", json.RootElement.GetProperty("status").GetString());
        Assert.StartsWith($"diverged at iteration {iteration} ", json.RootElement.GetProperty("stopReason").GetString());
        Assert.Equal(iteration, json.RootElement.GetProperty("iterations").GetInt64());
        // The curve up to the divergence is written: every point before it, none with a non-finite loss.
        string curve = Path.Combine(dir, "curve.csv");
        Assert.Equal(curve, json.RootElement.GetProperty("curveCsv").GetString());
        var rows = File.ReadLines(curve).ToList();
        Assert.StartsWith("iteration,tokens,flops,trainLoss,testLoss", rows[0]);
        Assert.All(rows.Skip(1), row => Assert.True(long.Parse(row.Split(',')[0]) < iteration, row));
        Assert.DoesNotContain("NaN", string.Join("\n", rows));
    }

    [Fact]
    public async Task Interrupted_run_names_its_checkpoint_and_resume_finishes_it_with_exact_accounting()
    {
        string dir = NewOut();
        string[] run = ["--d-model", "32", "--layers", "1", "--heads", "2", "--context", "16", "--batch", "4",
            "--iterations", "30", "--checkpoint-every", "10", "--corpus", "brown", "--out", dir, "--json"];
        using var interrupt = new CancellationTokenSource();
        // The first progress line (the evaluation after iteration 1) interrupts the run, as Ctrl+C would.
        var (exit, _, error, _) = await OscWith(new CancellingWriter(interrupt), interrupt.Token, run);
        Assert.Equal(ExitCodes.Interrupted, exit);
        string checkpoint = error.Split("--resume ")[1].Trim();
        Assert.True(File.Exists(checkpoint), error);

        var (resumedExit, output, resumedError, _) = await Osc([.. run, "--resume", checkpoint]);
        Assert.True(resumedExit == 0, resumedError);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(30, json.RootElement.GetProperty("iterations").GetInt64());
        Assert.Equal(30 * 4 * 16, json.RootElement.GetProperty("uniqueTokensSeen").GetInt64());
    }

    private sealed class CancellingWriter(CancellationTokenSource source) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            source.Cancel();
        }
    }

    [Fact]
    public async Task Width_not_divisible_by_heads_exits_2_naming_the_fix()
    {
        var (exit, _, error, _) = await Osc(Tiny("--d-model", "64", "--heads", "3"));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("divisible by heads", error);
    }

    [Fact]
    public async Task Unknown_corpus_exits_2_listing_the_known_ones()
    {
        var (exit, _, error, _) = await Osc(Tiny("--corpus", "wikipedia"));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("use brown, nlp, bundled, or a path", error);
    }

    [Fact]
    public async Task Unknown_option_and_missing_required_option_exit_2()
    {
        var (exit, _, error, _) = await Osc(Tiny("--learning-rate", "1"));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--learning-rate", error);

        (exit, _, error, _) = await Osc("--d-model", "32", "--out", NewOut());
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--layers is required", error);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("sqrt")]
    public async Task A_wsd_run_writes_its_schedule_in_the_curves_learning_rate_column(string shape)
    {
        string dir = NewOut();
        var (exit, output, error, _) = await Osc("--d-model", "32", "--layers", "1", "--heads", "2", "--context", "16", "--batch", "2",
            "--iterations", "20", "--evaluations", "20", "--warmup", "2", "--lr", "0.002", "--corpus", "brown", "--out", dir,
            "--schedule", "wsd", "--cooldown-fraction", "0.5", "--cooldown-shape", shape, "--json");

        Assert.True(exit == 0, error);
        using (var summary = JsonDocument.Parse(output))
        {
            Assert.Equal("wsd", summary.RootElement.GetProperty("schedule").GetString());
            Assert.Equal(0.5, summary.RootElement.GetProperty("cooldownFraction").GetDouble());
            Assert.Equal(shape, summary.RootElement.GetProperty("cooldownShape").GetString());
        }
        var spec = new OrleansScaling.Science.Runs.RunSpec(new OrleansScaling.Science.Shapes.ModelShape(32, 1, 2, 16, 256), 2, 20,
            LearningRate: 0.002, WarmupIterations: 2, Schedule: OrleansScaling.Science.Runs.LearningRateSchedule.Wsd, CooldownFraction: 0.5,
            CooldownShape: shape == "linear" ? OrleansScaling.Science.Runs.CooldownShape.Linear : OrleansScaling.Science.Runs.CooldownShape.Sqrt);
        var lines = File.ReadAllLines(Path.Combine(dir, "curve.csv"));
        var columns = lines[0].Split(',');
        int iteration = Array.IndexOf(columns, "iteration"), learningRate = Array.IndexOf(columns, "learningRate");
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(f => (I: long.Parse(f[iteration], System.Globalization.CultureInfo.InvariantCulture),
            Rate: double.Parse(f[learningRate], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.True(rows.Count >= 10, $"{rows.Count} curve rows");
        // Each point's rate is the one its last step used: iteration k was trained at the rule's rate for index k − 1.
        foreach (var (i, rate) in rows)
            Assert.Equal(OrleansScaling.Science.Runs.LearningRateSchedules.LearningRate(spec, i - 1), rate, 12);
        Assert.Contains(rows, r => r.Rate == 0.002);
        Assert.True(rows[^1].Rate < 0.002 * 0.2, $"last rate {rows[^1].Rate}");
    }

    [Fact]
    public async Task A_cooldown_fraction_outside_0_1_or_without_wsd_exits_2()
    {
        var (exit, _, error, _) = await Osc(Tiny("--schedule", "wsd", "--cooldown-fraction", "1"));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("cooldownFraction", error);

        (exit, _, error, _) = await Osc(Tiny("--cooldown-shape", "linear"));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--schedule wsd", error);
    }
}
