using OrleansScaling.Science.Analysis.Forecasts;
using System.Text.Json;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Tests;

public sealed class RunsCommandTests
{
    private readonly FakeScalingClient _cluster = new();
    private readonly FakeConnector _connector;

    public RunsCommandTests()
    {
        _connector = new FakeConnector(_cluster);
        _cluster.Add(Sample.Experiment("exp-a", "a", ExperimentStatus.Running,
                Sample.Run("exp-a", "d64-S-seed1", RunStatus.Running, 150, "run-1"),
                Sample.Run("exp-a", "d64-M(E=2)-seed1", RunStatus.Failed, 90, "run-2")),
            ("run-1", Sample.Curve(0, 50, 100, 150)));
        _cluster.Add(Sample.Experiment("exp-b", "b", ExperimentStatus.Succeeded, Sample.Run("exp-b", "d64-S-seed1", RunStatus.Succeeded, 300, "run-3")));
    }

    [Fact]
    public async Task List_filters_by_experiment_and_status_and_prints_json_in_camel_case()
    {
        var result = await Osc.Run(_connector, "runs", "list", "--experiment", "exp-a", "--status", "failed", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var runs = JsonDocument.Parse(result.Output).RootElement;
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Equal("run-2", run.GetProperty("runId").GetString());
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal(90, run.GetProperty("progress").GetProperty("iteration").GetInt64());
    }

    [Fact]
    public async Task List_as_text_shows_units()
    {
        var result = await Osc.Run(_connector, "runs", "list");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("run-1", result.Output);
        Assert.Contains("run-3", result.Output);
        Assert.Contains("150/300 (50%)", result.Output);
        Assert.Contains("2.500 nats", result.Output);
        Assert.Contains("tokens/s", result.Output);
        Assert.Contains("k params", result.Output);
    }

    [Fact]
    public async Task Show_prints_the_spec_and_attempts()
    {
        var text = await Osc.Run(_connector, "runs", "show", "run-1");
        var json = await Osc.Run(_connector, "runs", "show", "run-1", "--json");

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("d64 L2 H2 ctx128 V256", text.Output);
        Assert.Contains("silo-a", text.Output);
        Assert.Equal("d64-S-seed1", JsonDocument.Parse(json.Output).RootElement.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Show_json_has_the_schedule_and_null_branch_fields_for_an_ordinary_run()
    {
        var json = await Osc.Run(_connector, "runs", "show", "run-1", "--json");

        var root = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal("constant", root.GetProperty("schedule").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parentRunId").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("forkIteration").ValueKind);
    }

    [Fact]
    public async Task Show_prints_a_running_runs_forecast_and_its_json_carries_it()
    {
        var run = Sample.Run("exp-f", "d64-S-seed7", RunStatus.Running, 150, "run-f") with
        {
            Forecast = new RunForecast(2.1234, [2.05, 2.25], 150, 300),
        };
        _cluster.Add(Sample.Experiment("exp-f", "f", ExperimentStatus.Running, run), ("run-f", Sample.Curve(50, 100, 150)));

        var text = await Osc.Run(_connector, "runs", "show", "run-f");
        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("forecast   2.123 nats at iteration 300, 95% interval [2.050, 2.250], from the curve up to iteration 150", text.Output);
        var json = await Osc.Run(_connector, "runs", "show", "run-f", "--json");
        var forecast = JsonDocument.Parse(json.Output).RootElement.GetProperty("forecast");
        Assert.Equal(2.1234, forecast.GetProperty("finalLoss").GetDouble());
        Assert.Equal([2.05, 2.25], forecast.GetProperty("interval").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(150, forecast.GetProperty("fromIteration").GetInt64());
        Assert.Equal(300, forecast.GetProperty("toIteration").GetInt64());

        // A run without one (too few evaluations yet) prints no line and has null in JSON.
        var other = await Osc.Run(_connector, "runs", "show", "run-1");
        Assert.DoesNotContain("forecast", other.Output);
        var otherJson = await Osc.Run(_connector, "runs", "show", "run-1", "--json");
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(otherJson.Output).RootElement.GetProperty("forecast").ValueKind);
    }

    [Fact]
    public async Task A_diverged_run_with_NaN_and_infinity_shows_lists_and_exports_its_curve_and_is_not_retried()
    {
        const string reason = "diverged at iteration 2 (loss ∞); lower the learning rate";
        var run = Sample.Run("exp-d", "d64-S-seed9", RunStatus.Diverged, 2, "run-d") with { StopReason = reason };
        run = run with { Progress = run.Progress with { LastTestLoss = double.PositiveInfinity, BestTestLoss = double.NaN } };
        var curve = Sample.Curve(1).Select(p => p with { TrainLoss = double.NaN, TokensPerSecond = double.NegativeInfinity }).ToList();
        _cluster.Add(Sample.Experiment("exp-d", "d", ExperimentStatus.Succeeded, run), ("run-d", curve));

        var text = await Osc.Run(_connector, "runs", "show", "run-d");
        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains($"stopped    {reason}", text.Output);
        var json = await Osc.Run(_connector, "runs", "show", "run-d", "--json");
        var view = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal("diverged", view.GetProperty("status").GetString());
        Assert.Equal(reason, view.GetProperty("stopReason").GetString());
        Assert.Equal("Infinity", view.GetProperty("progress").GetProperty("lastTestLoss").GetString());
        var list = await Osc.Run(_connector, "runs", "list", "--status", "diverged", "--json");
        Assert.Equal("run-d", Assert.Single(JsonDocument.Parse(list.Output).RootElement.EnumerateArray()).GetProperty("runId").GetString());
        var points = await Osc.Run(_connector, "runs", "curve", "run-d", "--json");
        Assert.Equal("NaN", JsonDocument.Parse(points.Output).RootElement[0].GetProperty("trainLoss").GetString());

        var retry = await Osc.Run(_connector, "runs", "retry", "run-d");
        Assert.Equal(ExitCodes.BadInput, retry.ExitCode);
        Assert.Contains("would diverge again", retry.Error);
        Assert.Empty(_cluster.Retried);
    }

    [Fact]
    public async Task A_stopped_early_run_shows_its_reason_and_kept_forecast_lists_by_status_is_NaN_safe_and_is_not_retried()
    {
        const string reason = "stopped early at iteration 120: its forecast lies above the budget's best";
        var run = Sample.Run("exp-s", "d64-S-seed11", RunStatus.StoppedEarly, 120, "run-s") with
        {
            StopReason = reason, Forecast = new RunForecast(double.NaN, [2.05, null], 120, 400),
        };
        _cluster.Add(Sample.Experiment("exp-s", "s", ExperimentStatus.Succeeded, run), ("run-s", Sample.Curve(40, 80, 120)));

        var text = await Osc.Run(_connector, "runs", "show", "run-s");
        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains($"stopped    {reason}", text.Output);
        Assert.Contains("forecast   ", text.Output);
        Assert.Contains("at iteration 400", text.Output);
        var json = await Osc.Run(_connector, "runs", "show", "run-s", "--json");
        var view = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal("stoppedEarly", view.GetProperty("status").GetString());
        Assert.Equal(reason, view.GetProperty("stopReason").GetString());
        Assert.Equal("NaN", view.GetProperty("forecast").GetProperty("finalLoss").GetString());
        var list = await Osc.Run(_connector, "runs", "list", "--status", "stoppedEarly", "--json");
        Assert.Equal("run-s", Assert.Single(JsonDocument.Parse(list.Output).RootElement.EnumerateArray()).GetProperty("runId").GetString());

        var retry = await Osc.Run(_connector, "runs", "retry", "run-s");
        Assert.Equal(ExitCodes.BadInput, retry.ExitCode);
        Assert.Contains("a stopped run is a result, not retried", retry.Error);
        Assert.Empty(_cluster.Retried);
    }

    [Fact]
    public async Task Curve_is_csv_by_default_and_json_on_request()
    {
        var csv = await Osc.Run(_connector, "runs", "curve", "run-1");
        var json = await Osc.Run(_connector, "runs", "curve", "run-1", "--format", "json");
        var jsonFlag = await Osc.Run(_connector, "runs", "curve", "run-1", "--json");

        var lines = csv.Output.TrimEnd().Split('\n');
        Assert.StartsWith("iteration,tokens,flops,trainLoss,testLoss", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("150,307200,", lines[^1]);
        var points = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(4, points.GetArrayLength());
        Assert.Equal(150, points[3].GetProperty("iteration").GetInt64());
        Assert.Equal(_cluster.Curves["run-1"][3].TestLoss, points[3].GetProperty("testLoss").GetDouble());
        Assert.Equal(json.Output, jsonFlag.Output);
    }

    [Fact]
    public async Task Cancel_and_retry_act_on_runs_whose_status_allows_it()
    {
        var cancelled = await Osc.Run(_connector, "runs", "cancel", "run-1");
        var retried = await Osc.Run(_connector, "runs", "retry", "run-2", "--json");

        Assert.Equal(ExitCodes.Success, cancelled.ExitCode);
        Assert.Equal(["run-1"], _cluster.Cancelled);
        Assert.Contains("running -> cancelled", cancelled.Output);
        Assert.Equal(["run-2"], _cluster.Retried);
        Assert.Equal("queued", JsonDocument.Parse(retried.Output).RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("retry", "run-3", "run-3 is succeeded; only failed or cancelled runs can be retried")]
    [InlineData("cancel", "run-2", "run-2 is failed; only queued or running runs can be cancelled")]
    public async Task Cancel_or_retry_in_the_wrong_status_is_bad_input(string verb, string runId, string message)
    {
        var result = await Osc.Run(_connector, "runs", verb, runId);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(_cluster.Cancelled.Concat(_cluster.Retried));
    }

    [Theory]
    [InlineData("show", "nope")]
    [InlineData("curve", "nope")]
    [InlineData("cancel", "nope")]
    [InlineData("retry", "nope")]
    public async Task A_missing_run_exits_3(string verb, string runId)
    {
        var result = await Osc.Run(_connector, "runs", verb, runId);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("no run 'nope'", result.Error);
    }

    [Fact]
    public async Task Listing_a_missing_experiment_exits_3()
    {
        var result = await Osc.Run(_connector, "runs", "list", "--experiment", "nope");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("no experiment 'nope'", result.Error);
    }

    [Theory]
    [InlineData("--status", "done", "--status must be one of queued, running, succeeded, failed, cancelled")]
    [InlineData("--experimnet", "exp-a", "unknown option --experimnet")]
    [InlineData("--format", "xml", "--format must be csv or json")]
    public async Task Bad_options_exit_2_before_connecting(string option, string value, string message)
    {
        var verb = option == "--format" ? new[] { "runs", "curve", "run-1" } : ["runs", "list"];

        var result = await Osc.Run(_connector, [.. verb, option, value]);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal(0, _connector.Connections);
    }

    [Theory]
    [InlineData(new string[] { "runs" }, "a sub-command is required: list, show, curve, cancel, retry")]
    [InlineData(new[] { "runs", "delete", "run-1" }, "unknown sub-command 'delete'")]
    [InlineData(new[] { "runs", "show" }, "a run ID is required")]
    public async Task Missing_or_unknown_sub_commands_exit_2(string[] args, string message)
    {
        var result = await Osc.Run(_connector, args);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(message, result.Error);
    }
}
