using System.Text.Json;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Tests;

public sealed class SweepCommandTests : IDisposable
{
    private readonly FakeScalingClient _cluster = new();
    private readonly FakeConnector _connector;
    private readonly string _directory = Directory.CreateTempSubdirectory("osc-sweep-").FullName;

    public SweepCommandTests() => _connector = new FakeConnector(_cluster);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Launching_a_file_prints_only_the_experiment_id()
    {
        var file = Write("""{ "name": "tiny", "kind": "isoFlop", "p0": 4e5, "t0": 2e6, "isoFlopPoints": 3 }""");

        var result = await Osc.Run(_connector, "sweep", "launch", file);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("exp-1\n", result.Output);
        var request = Assert.Single(_cluster.Launched);
        Assert.Equal(SweepKind.IsoFlop, request.Kind);
        Assert.Equal(3, request.IsoFlopPoints);
    }

    [Fact]
    public async Task Launching_a_preset_sends_its_request_and_json_prints_the_summary()
    {
        var result = await Osc.Run(_connector, "sweep", "launch", "--preset", "paper-cpu", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Same(SweepPresets.PaperCpu.Request, Assert.Single(_cluster.Launched));
        var summary = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("exp-1", summary.GetProperty("experimentId").GetString());
        Assert.Equal("running", summary.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Wait_follows_the_updates_to_the_end_with_progress_on_stderr()
    {
        _cluster.OnExperimentSubscribed = async (id, push) =>
        {
            var running = _cluster.Experiments[id];
            await push(new ExperimentUpdate(id, new RunUpdate(running.Runs[0].RunId, [], running.Runs[0] with
            {
                Status = RunStatus.Running, Progress = running.Runs[0].Progress with { Iteration = 150, LastTestLoss = 2.75 },
            }), running.Summary));
            // The end arrives on another thread, as observer callbacks do.
            _ = Task.Run(async () =>
            {
                _cluster.Finish(id, ExperimentStatus.Succeeded, RunStatus.Succeeded);
                var done = _cluster.Experiments[id];
                await push(new ExperimentUpdate(id, new RunUpdate(done.Runs[0].RunId, [], done.Runs[0]), done.Summary));
            });
        };

        // A resync far beyond the test's length: the subscription alone must end the wait.
        var output = new StringWriter();
        var progress = new StringWriter();
        var exit = await CommandRouter.RunAsync(Osc.ClusterVerbs(_connector, progress, TimeSpan.FromMinutes(5)),
            ["sweep", "launch", "--preset", "recipe-tiny", "--wait"], output, progress);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("exp-1\n", output.ToString());
        var lines = progress.ToString();
        Assert.Contains("d64-S-seed1: running, iteration 150/300 (50%), test loss 2.750 nats", lines);
        Assert.Contains("[1/1 runs done] d64-S-seed1: succeeded, iteration 300/300 (100%)", lines);
        Assert.Contains("experiment exp-1 succeeded: 1/1 runs done.", lines);
        Assert.Equal(1, _cluster.Unsubscribed);
    }

    [Fact]
    public async Task Wait_notices_the_end_from_the_snapshot_when_no_update_arrives_and_a_failed_sweep_exits_1()
    {
        _cluster.OnExperimentSubscribed = (id, _) =>
        {
            _cluster.Finish(id, ExperimentStatus.Failed, RunStatus.Failed);
            return Task.CompletedTask;
        };

        var result = await Osc.Run(_connector, "sweep", "launch", "--preset", "recipe-tiny", "--wait", "--json");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal("failed", JsonDocument.Parse(result.Output).RootElement.GetProperty("status").GetString());
        Assert.Contains("osc runs list --experiment exp-1 --status failed", result.Error);
    }

    [Theory]
    [InlineData("""{ "name": "x", "kind": "recipe", "batchsize": 16 }""", "unknown field \"batchsize\"; did you mean \"batchSize\"?")]
    [InlineData("""{ "name": "x", "kind": "chinchilla" }""", "field \"kind\" (at $.kind) must be one of \"recipe\", \"isoFlop\", \"paperComparison\"")]
    public async Task A_bad_sweep_file_exits_2_naming_the_field_without_connecting(string json, string message)
    {
        var result = await Osc.Run(_connector, "sweep", "launch", Write(json));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal(0, _connector.Connections);
        Assert.Empty(_cluster.Launched);
    }

    [Theory]
    [InlineData(new[] { "sweep", "launch" }, "a sweep file (osc sweep launch FILE.json) or --preset NAME is required")]
    [InlineData(new[] { "sweep", "launch", "--preset", "paper" }, "--preset 'paper' is unknown; use one of recipe-tiny, isoflop-small, paper-cpu, paper-gpu-lm1b")]
    [InlineData(new[] { "sweep", "launch", "missing.json" }, "sweep file 'missing.json' does not exist")]
    [InlineData(new[] { "sweep", "start", "x.json" }, "unknown sub-command 'start'; use one of launch")]
    [InlineData(new[] { "sweep", "launch", "x.json", "--preset", "paper-cpu" }, "give either FILE.json or --preset NAME, not both")]
    public async Task Missing_or_conflicting_inputs_exit_2(string[] args, string message)
    {
        var result = await Osc.Run(_connector, args);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task A_request_the_planner_rejects_exits_2_with_its_message()
    {
        // osc plans the sweep itself before connecting: the cluster is never asked.
        _cluster.LaunchFailure = new InvalidOperationException("the cluster must not be asked");

        var result = await Osc.Run(_connector, "sweep", "launch", Write("""{ "name": "x", "kind": "recipe", "p0": 1e30, "t0": 1e30 }"""));

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("Lower P0·T0 to at most", result.Error);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"sweep-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
