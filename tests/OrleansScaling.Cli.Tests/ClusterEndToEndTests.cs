using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Cli.Tests;

/// <summary>`osc` as a separate process against a real local silo that trains tiny models with the TorchSharp engine.</summary>
[Collection(LocalSiloCollection.Name)]
public sealed class ClusterEndToEndTests(LocalSilo silo) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("osc-e2e-work-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Launch_a_sweep_file_wait_then_list_show_curve_and_export_it()
    {
        var file = await TinySweep("paperComparison");

        var launch = await Osc(["sweep", "launch", file, "--wait"]);
        Assert.True(launch.ExitCode == ExitCodes.Success, launch.Error);
        var experimentId = launch.Output.Trim();
        Assert.Contains($"experiment {experimentId} succeeded: 4/4 runs done.", launch.Error);
        Assert.Contains("d64", launch.Error);

        var experiments = JsonDocument.Parse((await Osc(["experiments", "list", "--json"])).Output).RootElement;
        var summary = experiments.EnumerateArray().Single(e => e.GetProperty("experimentId").GetString() == experimentId);
        Assert.Equal("succeeded", summary.GetProperty("status").GetString());
        Assert.Equal(4, summary.GetProperty("runsFinished").GetInt32());

        var show = await Osc(["experiments", "show", experimentId]);
        Assert.Equal(ExitCodes.Success, show.ExitCode);
        Assert.Contains("e2e-tiny", show.Output);
        Assert.Contains("M(E=2)", show.Output);

        var runs = JsonDocument.Parse((await Osc(["runs", "list", "--experiment", experimentId, "--status", "succeeded", "--json"])).Output).RootElement;
        Assert.Equal(4, runs.GetArrayLength());
        var runId = runs[0].GetProperty("runId").GetString()!;

        var runShow = await Osc(["runs", "show", runId]);
        Assert.Equal(ExitCodes.Success, runShow.ExitCode);
        Assert.Contains("iteration 200/200 (100%)", runShow.Output);

        var curve = CurveCsv.Parse((await Osc(["runs", "curve", runId])).Output, "stdout");
        Assert.Equal(200, curve[^1].Iteration);
        Assert.True(curve.Min(p => p.TestLoss) < curve[0].TestLoss, "the test loss of a real run must fall");

        var export = Path.Combine(_work, "export");
        var exported = await Osc(["export", experimentId, "--format", "csv", "--out", export]);
        Assert.Equal(ExitCodes.Success, exported.ExitCode);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(export, "curves"), "*.csv").Length);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(export, "runs.csv")).Length);
        Assert.Equal(curve, CurveCsv.ReadFile(Directory.GetFiles(Path.Combine(export, "curves"))
            .Single(f => Path.GetFileNameWithoutExtension(f) == runs[0].GetProperty("key").GetString())));

        // One road for every analysis: `osc report` on the export prints exactly the analyses the grain published.
        var report = await Osc(["report", "--data", export, "--out", Path.Combine(_work, "report"), "--json"]);
        Assert.True(report.ExitCode == ExitCodes.Success, report.Error);
        var published = JsonNode.Parse(File.ReadAllText(Path.Combine(export, "experiment.json")))!["analyses"]!.AsObject();
        var reported = JsonNode.Parse(report.Output)!["analyses"]!.AsObject();
        Assert.Equal(4, published["runs"]!.GetValue<int>());
        Assert.NotEmpty(published["speedups"]!.AsArray());
        Assert.Equal(4, published["powerLaws"]!.AsArray().Count);
        published.Remove("computedAt");
        reported.Remove("computedAt");
        Assert.Equal(published.ToJsonString(), reported.ToJsonString());
    }

    [Fact]
    public async Task Missing_ids_exit_3_and_a_bad_sweep_file_exits_2_naming_the_field()
    {
        var missingExperiment = await Osc(["experiments", "show", "exp-does-not-exist"]);
        var missingRun = await Osc(["runs", "curve", "run-does-not-exist"]);
        var file = Path.Combine(_work, "bad.json");
        await File.WriteAllTextAsync(file, """{ "name": "bad", "kind": "recipe", "seeds": "one" }""");
        var badFile = await Osc(["sweep", "launch", file]);

        Assert.Equal(ExitCodes.NotFound, missingExperiment.ExitCode);
        Assert.Equal(ExitCodes.NotFound, missingRun.ExitCode);
        Assert.Equal(ExitCodes.BadInput, badFile.ExitCode);
        Assert.Contains("field \"seeds\" (at $.seeds) must be an array of whole numbers", badFile.Error);
    }

    [Fact]
    public async Task A_budget_the_planner_rejects_exits_2_with_the_silo_s_message()
    {
        var file = Path.Combine(_work, "negative.json");
        await File.WriteAllTextAsync(file, """{ "name": "neg", "kind": "recipe", "p0": -5, "t0": 1e6 }""");

        var result = await Osc(["sweep", "launch", file]);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("p0", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_cluster_view_shows_this_silo_s_two_cpu_slots()
    {
        var cluster = JsonDocument.Parse((await Osc(["cluster", "--json"])).Output).RootElement;

        Assert.Equal(2, cluster.GetProperty("slots").EnumerateArray().Count(s => s.GetProperty("device").GetString() == "cpu"));
    }

    [Fact]
    public async Task An_unused_gateway_port_exits_4_naming_the_port_and_how_to_start_a_silo()
    {
        var environment = new Dictionary<string, string>(silo.Environment)
        {
            ["OrleansScaling__GatewayPort"] = ClusterCommandTests.UnusedPort().ToString(),
            ["OrleansScaling__ConnectTimeoutSeconds"] = "1",
        };
        var result = await OscProcess.Run(environment, "runs", "list");

        Assert.Equal(ExitCodes.ClusterUnreachable, result.ExitCode);
        Assert.Contains($"No OrleansScaling silo answered on 127.0.0.1:{environment["OrleansScaling__GatewayPort"]}", result.Error);
        Assert.Contains("dotnet run --project silo", result.Error);
    }

    [Fact]
    public async Task The_file_based_csharp_example_queries_the_grains_directly()
    {
        var launch = await Osc(["sweep", "launch", await TinySweep("recipe"), "--wait"]);
        Assert.True(launch.ExitCode == ExitCodes.Success, launch.Error);
        var experimentId = launch.Output.Trim();

        var query = await OscProcess.Dotnet(silo.Environment, Path.Combine(Repository.Root, "examples"), ["run", "query.cs", "--", experimentId]);

        Assert.True(query.ExitCode == 0, query.Error + query.Output);
        Assert.Contains($"{experimentId} \"e2e-recipe\" Recipe Succeeded: 1/1 runs done", query.Output);
        Assert.Contains("-S-seed1", query.Output);
        Assert.Contains(CurveCsv.Header, query.Output);
    }

    /// <summary>A sweep small enough to train for real in seconds: byte tokens, context 32, batch 4, the Brown corpus.</summary>
    private async Task<string> TinySweep(string kind)
    {
        var file = Path.Combine(_work, $"{kind}.json");
        await File.WriteAllTextAsync(file, kind == "recipe"
            ? """{ "name": "e2e-recipe", "kind": "recipe", "p0": 7e4, "t0": 3.5e5, "layers": 1, "batchSize": 16, "context": 32, "corpus": "brown", "warmupIterations": 10 }"""
            : """
              { "name": "e2e-tiny", "kind": "paperComparison", "dModels": [64], "layers": 2, "iterations": 200, "epochsList": [2],
                "dropout": 0.1, "batchSize": 4, "context": 32, "corpus": "brown", "seeds": [1], "warmupIterations": 10 }
              """);
        return file;
    }

    private Task<Osc.Result> Osc(string[] args) => OscProcess.Run(silo.Environment, args);
}
