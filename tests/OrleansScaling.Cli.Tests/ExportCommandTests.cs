using System.Text.Json;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Grains.Experiments;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Curves;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Contracts;
using OrleansScaling.Reports.Study;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Cli.Tests;

public sealed class ExportCommandTests : IDisposable
{
    private readonly FakeScalingClient _cluster = new();
    private readonly FakeConnector _connector;
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"osc-export-{Guid.NewGuid():N}");

    public ExportCommandTests()
    {
        _connector = new FakeConnector(_cluster);
        _cluster.Add(Sample.Experiment("exp-a", "a", ExperimentStatus.Succeeded,
                Sample.Run("exp-a", "d64-S-seed1", RunStatus.Succeeded, 300, "run-1"),
                Sample.Run("exp-a", "d64-M(E=2)-seed1", RunStatus.Succeeded, 300, "run-2", epochs: 2)),
            ("run-1", Sample.Curve(0, 100, 200, 300)), ("run-2", Sample.Curve(0, 150, 300)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Csv_export_writes_the_experiment_a_runs_table_and_one_curve_per_run_key()
    {
        var result = await Osc.Run(_connector, "export", "exp-a", "--format", "csv", "--out", _out);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(4, result.Output.TrimEnd().Split('\n').Length);
        var runs = File.ReadAllLines(Path.Combine(_out, "runs.csv"));
        Assert.StartsWith("runId,key,regime,dModel,layers,heads,context,vocab,params", runs[0]);
        Assert.Equal(3, runs.Length);
        Assert.StartsWith("run-2,d64-M(E=2)-seed1,M(E=2),64,2,2,128,256,", runs[2]);
        var curve = File.ReadAllLines(Path.Combine(_out, "curves", "d64-S-seed1.csv"));
        Assert.Equal(CurveCsv.Header, curve[0]);
        Assert.Equal(5, curve.Length);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_out, "curves", "d64-M(E=2)-seed1.csv")).Length);
        var experiment = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "experiment.json"))).RootElement;
        Assert.Equal("exp-a", experiment.GetProperty("summary").GetProperty("experimentId").GetString());
    }

    [Fact]
    public async Task A_csv_export_read_back_by_the_report_gives_the_specs_that_trained()
    {
        // A value other than the default in every field of the spec and its shape; a corpus path that needs quoting.
        var spec = new RunSpec(new ModelShape(96, 3, 4, 48, 2048), BatchSize: 12, Iterations: 300, Epochs: 4, Dropout: 0.1 + 0.2,
            Corpus: "data/a, \"quoted\" corpus.txt", Seed: 7, LearningRate: 1e-3 / 3, WarmupIterations: 17, Schedule: LearningRateSchedule.Wsd,
            Tokenizer: TokenizerKind.Bpe2k, WeightDecay: 0.01, GradientClip: 0.7, Evaluations: 13, EvalBatches: 3, CheckpointEvery: 250,
            Precision: Precision.Bf16, CooldownFraction: 0.1 + 0.2, CooldownShape: CooldownShape.Linear);
        var run = Sample.Run("exp-b", "d96-L3-MD(E=4)-seed7", RunStatus.Succeeded, 300, "run-3") with { Spec = spec };
        _cluster.Add(Sample.Experiment("exp-b", "b", ExperimentStatus.Succeeded, run), ("run-3", Sample.Curve(0, 100, 200, 300)));

        var result = await Osc.Run(_connector, "export", "exp-b", "--format", "csv", "--out", _out);
        var notes = new List<string>();
        var read = ExportedRuns.Read(_out, notes);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(spec, Assert.Single(read).Spec);
        Assert.Empty(notes);
        var header = File.ReadLines(Path.Combine(_out, "runs.csv")).First();
        Assert.Equal("runId,key,regime,dModel,layers,heads,context,vocab,params,flopsPerToken,batchSize,iterations,epochs,dropout,seed,corpus," +
                     "status,iteration,tokensSeen,uniqueTokensSeen,lastTestLoss,bestTestLoss,tokensPerSecond,attempts,learningRate,warmupIterations," +
                     "schedule,tokenizer,weightDecay,gradientClip,evaluations,evalBatches,checkpointEvery,precision,cooldownFraction,cooldownShape,stopReason,forecastFinalLoss,forecastLo,forecastHi,forecastFromIteration,forecastToIteration,parentRunId,forkIteration", header);
    }

    [Fact]
    public async Task Runs_stopped_early_give_the_same_analyses_from_the_export_as_from_the_experiment_grain()
    {
        // A succeeded run, one stopped early with its forecast (the analyses use it as its final loss), one stopped without
        // a usable forecast (NaN: left out with a note) and a diverged one (left out).
        var forecast = new RunForecast(1.234, [1.2, null], 100, 300);
        RunView[] runs =
        [
            Sample.Run("exp-s", "d64-S-seed1", RunStatus.Succeeded, 300, "s-1"),
            Sample.Run("exp-s", "d64-S-seed2", RunStatus.StoppedEarly, 100, "s-2") with { StopReason = "stopped early at iteration 100: off the frontier, by far", Forecast = forecast },
            Sample.Run("exp-s", "d64-S-seed3", RunStatus.StoppedEarly, 100, "s-3") with { StopReason = "stopped early at iteration 100: x", Forecast = forecast with { FinalLoss = double.NaN } },
            Sample.Run("exp-s", "d64-S-seed4", RunStatus.Diverged, 2, "s-4") with { StopReason = "diverged at iteration 2 (loss ∞); lower the learning rate" },
        ];
        var curves = new Dictionary<string, IReadOnlyList<CurvePoint>>
        {
            ["s-1"] = Sample.Curve(0, 100, 200, 300), ["s-2"] = Sample.Curve(0, 50, 100), ["s-3"] = Sample.Curve(0, 50, 100), ["s-4"] = Sample.Curve(1),
        };
        _cluster.Add(Sample.Experiment("exp-s", "s", ExperimentStatus.Succeeded, runs), [.. curves.Select(c => (c.Key, c.Value))]);
        var folder = Path.Combine(_out, "exp-s");

        var result = await Osc.Run(_connector, "export", "exp-s", "--format", "csv", "--out", folder);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var study = StudyData.Load(folder);
        var fromExport = AnalysisPipeline.Analyze(study.Runs, AnalysisSettings.Default, leftOut: study.LeftOut);
        var fromGrain = ExperimentAnalysesBuilder.Build(runs.Where(r => r.Status is RunStatus.Succeeded or RunStatus.StoppedEarly)
            .Select(r => (r, curves[r.RunId])).ToList(), Sample.At, fits: true, diverged: [runs[3]])!;

        var stopped = Assert.Single(study.Runs, r => r.Key == "d64-S-seed2");
        Assert.Equal(forecast.FinalLoss, stopped.FinalLoss);
        Assert.Equal([1.2, null], stopped.Forecast!.Interval);
        Assert.Contains(fromGrain.Notes ?? [], n => n.StartsWith("d64-S-seed2 stopped early at iteration 100") && n.Contains("stands in for its final loss"));
        Assert.Contains($"d64-S-seed3 {StoppedRuns.WithoutForecast}: left out", fromGrain.Notes ?? []);
        var options = ContractsSerialization.ScienceJsonOptions();
        Assert.Equal(JsonSerializer.Serialize(fromGrain with { ComputedAt = default }, options), JsonSerializer.Serialize(fromExport with { ComputedAt = default }, options));
    }

    [Fact]
    public async Task Json_export_of_a_single_run_writes_the_run_and_its_curve()
    {
        var result = await Osc.Run(_connector, "export", "run-1", "--format", "json", "--out", _out, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var written = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(_out, written.GetProperty("directory").GetString());
        Assert.Equal(2, written.GetProperty("files").GetArrayLength());
        var curve = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "curves", "d64-S-seed1.json"))).RootElement;
        Assert.Equal(300, curve[3].GetProperty("iteration").GetInt64());
        Assert.True(File.Exists(Path.Combine(_out, "run.json")));
    }

    [Fact]
    public async Task Exporting_an_unknown_id_exits_3_and_writes_nothing()
    {
        var result = await Osc.Run(_connector, "export", "nope", "--format", "csv", "--out", _out);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("'nope' is neither an experiment nor a run", result.Error);
        Assert.False(Directory.Exists(_out));
    }

    [Theory]
    [InlineData(new[] { "export", "exp-a", "--out", "x" }, "--format is required")]
    [InlineData(new[] { "export", "exp-a", "--format", "parquet", "--out", "x" }, "--format must be csv or json (got 'parquet')")]
    [InlineData(new[] { "export", "exp-a", "--format", "csv" }, "--out is required")]
    [InlineData(new[] { "export", "--format", "csv", "--out", "x" }, "an experiment or run ID is required")]
    public async Task Missing_or_bad_options_exit_2(string[] args, string message)
    {
        var result = await Osc.Run(_connector, args);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal(0, _connector.Connections);
    }
}
