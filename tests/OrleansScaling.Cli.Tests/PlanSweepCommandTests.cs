using System.Text.Json;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Tests;

/// <summary>`osc plan --sweep SWEEP.json [--json]`: any sweep file planned without a cluster, with its branches and compute.</summary>
public class PlanSweepCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Osc(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await CommandRouter.RunAsync([new PlanCommand()], ["plan", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string SweepFile(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", $"sweep-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    // c = 16 × 128 = 2,048 tokens per iteration: budgets of 1,000·2^k iterations.
    private const string Doubling = """
        {"name": "doubling", "kind": "grid", "dModels": [64, 128], "layers": 2, "schedule": "wsd", "branching": true,
         "tokenBudgets": [2048000, 4096000, 8192000, 16384000, 32768000, 65536000]}
        """;

    [Fact]
    public async Task Plan_sweep_json_lists_every_run_with_its_trunk_fork_shape_and_flops_and_the_sweeps_compute()
    {
        var (exit, output, error) = await Osc("--sweep", SweepFile(Doubling), "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var runs = root.GetProperty("runs");
        Assert.Equal(12, runs.GetArrayLength());
        foreach (var run in runs.EnumerateArray())
            foreach (var field in new[] { "key", "parentKey", "forkIteration", "dModel", "layers", "heads", "params", "iterations", "tokens", "flops", "schedule" })
                Assert.True(run.TryGetProperty(field, out _), $"a run lacks {field}: {run}");
        var trunk = runs.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "d64-L2-S-wsd-I32000-seed1");
        Assert.Equal(JsonValueKind.Null, trunk.GetProperty("parentKey").ValueKind);
        Assert.Equal(JsonValueKind.Null, trunk.GetProperty("forkIteration").ValueKind);
        var branch = runs.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "d64-L2-S-wsd-I4000-seed1");
        Assert.Equal("d64-L2-S-wsd-I32000-seed1", branch.GetProperty("parentKey").GetString());
        Assert.Equal(3200, branch.GetProperty("forkIteration").GetInt64());
        Assert.Equal("wsd", branch.GetProperty("schedule").GetString());
        Assert.Equal(4000L * 2048, branch.GetProperty("tokens").GetInt64());

        var flops = root.GetProperty("flops").GetDouble();
        var without = root.GetProperty("flopsWithoutBranching").GetDouble();
        Assert.Equal(runs.EnumerateArray().Sum(r => r.GetProperty("flops").GetDouble()), flops, 1e-9 * flops);
        Assert.Equal(38.2 / 63, flops / without, 6);
        Assert.Equal(flops / without, root.GetProperty("branchingRatio").GetDouble(), 9);
        Assert.Equal((2, 10), (root.GetProperty("trunks").GetInt32(), root.GetProperty("branches").GetInt32()));
    }

    [Fact]
    public async Task Plan_sweep_uses_the_clusters_planner()
    {
        var path = SweepFile(Doubling);
        var (exit, output, error) = await Osc("--sweep", path, "--json");

        Assert.True(exit == 0, error);
        var planned = SweepPlanner.Plan(SweepRequestJson.Read(File.ReadAllText(path)));
        using var json = JsonDocument.Parse(output);
        Assert.Equal(planned.Runs.Select(r => (r.Key, r.ParentKey, r.ForkIteration)),
            json.RootElement.GetProperty("runs").EnumerateArray().Select(r => (r.GetProperty("key").GetString()!,
                r.GetProperty("parentKey").GetString(), r.GetProperty("forkIteration").ValueKind == JsonValueKind.Null ? (long?)null : r.GetProperty("forkIteration").GetInt64())));
        Assert.Equal(planned.Flops, json.RootElement.GetProperty("flops").GetDouble());
    }

    [Fact]
    public async Task Plan_sweep_text_shows_trunks_branches_and_the_compute_with_and_without_branching()
    {
        var (exit, output, error) = await Osc("--sweep", SweepFile(Doubling));

        Assert.True(exit == 0, error);
        Assert.Contains("d64-L2-S-wsd-I32000-seed1 (3,200)", output);
        Assert.Contains("FLOPs as planned", output);
        Assert.Contains("without branching: 2 trunks and 10 branches train 60.6% of it", output);
    }

    [Fact]
    public async Task An_existing_example_without_branching_has_equal_flops_with_and_without()
    {
        var (exit, output, error) = await Osc("--sweep", SweepFile("""{"name": "i", "kind": "isoFlop", "flopsBudget": 6e13, "layers": 2}"""), "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(json.RootElement.GetProperty("flopsWithoutBranching").GetDouble(), json.RootElement.GetProperty("flops").GetDouble());
        Assert.All(json.RootElement.GetProperty("runs").EnumerateArray(), r => Assert.Equal("constant", r.GetProperty("schedule").GetString()));
    }

    [Theory]
    [InlineData("""{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [1e6, 2e6], "schedule": "cosine", "branching": true}""", "branching")]
    [InlineData("""{"name": "b", "kind": "grid", "dModels": [64], "tokenBudgets": [2e6, 1e6]}""", "tokenBudgets")]
    [InlineData("""{"name": "b", "kind": "isoFlop", "flopsBudgets": []}""", "flopsBudgets")]
    [InlineData("""{"name": "b", "kind": "recipe", "p0": 1e6, "t0": 5e6, "schedule": "wsd", "cooldownFraction": 1}""", "cooldownFraction")]
    public async Task A_bad_sweep_file_exits_2_naming_the_field(string sweep, string field)
    {
        var (exit, _, error) = await Osc("--sweep", SweepFile(sweep), "--json");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(field, error);
    }

    [Fact]
    public async Task Every_example_sweep_file_plans()
    {
        var examples = Path.Combine(RepoRoot(), "examples", "sweeps");
        foreach (var file in Directory.GetFiles(examples, "*.json"))
        {
            var (exit, _, error) = await Osc("--sweep", file, "--json");
            Assert.True(exit == 0, $"{file}: {error}");
        }
        Assert.True(File.Exists(Path.Combine(examples, "grid.json")));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrleansScaling.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
