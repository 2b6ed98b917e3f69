using System.Text.Json;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Cli.Tests;

public sealed class ExperimentsCommandTests
{
    private readonly FakeScalingClient _cluster = new();
    private readonly FakeConnector _connector;

    public ExperimentsCommandTests() => _connector = new FakeConnector(_cluster);

    [Fact]
    public async Task Cancel_cancels_the_whole_experiment_and_an_unknown_id_exits_3_cancelling_nothing()
    {
        _cluster.Add(Sample.Experiment("exp-c", "tiny", ExperimentStatus.Running, Sample.Run("exp-c", "k1", RunStatus.Running, 10)));

        var cancelled = await Osc.Run(_connector, "experiments", "cancel", "exp-c");
        var unknown = await Osc.Run(_connector, "experiments", "cancel", "exp-nope");

        Assert.Equal(ExitCodes.Success, cancelled.ExitCode);
        Assert.Contains("cancelled exp-c", cancelled.Output);
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Equal(["exp-c"], _cluster.CancelledExperiments);
    }

    [Fact]
    public async Task List_on_an_empty_cluster_says_how_to_launch_one()
    {
        var result = await Osc.Run(_connector, "experiments", "list");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("osc sweep launch --preset recipe-tiny", result.Output);
        Assert.Equal("[]", (await Osc.Run(_connector, "experiments", "list", "--json")).Output.Trim());
    }

    [Fact]
    public async Task List_shows_each_experiment_with_its_progress()
    {
        _cluster.Add(Sample.Experiment("exp-a", "tiny", ExperimentStatus.Running,
            Sample.Run("exp-a", "k1", RunStatus.Succeeded, 300), Sample.Run("exp-a", "k2", RunStatus.Running, 10)));

        var text = await Osc.Run(_connector, "experiments", "list");
        var json = JsonDocument.Parse((await Osc.Run(_connector, "experiments", "list", "--json")).Output).RootElement;

        Assert.Contains("exp-a", text.Output);
        Assert.Contains("1/2", text.Output);
        Assert.Contains("running", text.Output);
        Assert.Equal("exp-a", json[0].GetProperty("experimentId").GetString());
        Assert.Equal("recipe", json[0].GetProperty("kind").GetString());
        Assert.Equal(1, json[0].GetProperty("runsFinished").GetInt32());
    }

    [Fact]
    public async Task Show_prints_plan_notes_runs_and_the_analyses()
    {
        var view = Sample.Experiment("exp-a", "tiny", ExperimentStatus.Succeeded, Sample.Run("exp-a", "d64-S-seed1", RunStatus.Succeeded, 300));
        _cluster.Add(view with
        {
            Analyses = new ExperimentAnalyses(Sample.At,
                [new SpeedupRow(256, 18_000_000, 10, 0, 1, new SpeedupResult(1.9, 30_000, 3.41, 15_789))],
                [new PowerLawRow("exp-a-d64-S-seed1", "d64-S-seed1", new PowerLawFit(0.12, 9.5, 0.995, 400, 300))],
                new FrontierResult([new FrontierSize(18_000_000, [0, 40_000], [0, 11.5]), new FrontierSize(128_000_000, [20_000, null], [1.5, null])],
                    [1.8, 11.5], 4.55)),
        });

        var text = await Osc.Run(_connector, "experiments", "show", "exp-a");
        var json = JsonDocument.Parse((await Osc.Run(_connector, "experiments", "show", "exp-a", "--json")).Output).RootElement;

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("plan: chose d=64 L=2: T/P = 4.9", text.Output);
        Assert.Contains("d64-S-seed1", text.Output);
        Assert.Contains("1.9x", text.Output);
        Assert.Contains("18M params", text.Output);
        Assert.Contains("[1.5, inf]", text.Output);
        Assert.Contains("geometric mean 4.55 tokens/param", text.Output);
        Assert.Equal(1.9, json.GetProperty("analyses").GetProperty("speedups")[0].GetProperty("result").GetProperty("speedup").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("analyses").GetProperty("frontier").GetProperty("sizes")[1].GetProperty("optimalIterations")[1].ValueKind);
    }

    [Fact]
    public async Task Show_prints_the_analyses_notes_such_as_a_diverged_run_left_out()
    {
        var diverged = Sample.Run("exp-d", "d64-S-seed2", RunStatus.Diverged, 2) with
        {
            StopReason = "diverged at iteration 2 (loss NaN); lower the learning rate",
        };
        var view = Sample.Experiment("exp-d", "tiny", ExperimentStatus.Succeeded, Sample.Run("exp-d", "d64-S-seed1", RunStatus.Succeeded, 300), diverged);
        _cluster.Add(view with
        {
            Analyses = new ExperimentAnalyses(Sample.At, [], [], null, ["d64-S-seed2 diverged at iteration 2 (loss NaN): left out"]),
        });

        var text = await Osc.Run(_connector, "experiments", "show", "exp-d");

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("note: d64-S-seed2 diverged at iteration 2 (loss NaN): left out", text.Output);
        Assert.Contains("diverged", text.Output);
    }

    [Fact]
    public async Task Show_of_a_missing_experiment_exits_3()
    {
        var result = await Osc.Run(_connector, "experiments", "show", "exp-404");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("no experiment 'exp-404'; `osc experiments list` shows the ones that exist.", result.Error);
    }
}
