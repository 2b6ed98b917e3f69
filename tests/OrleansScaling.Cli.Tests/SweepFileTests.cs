using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Tests;

public sealed class SweepFileTests
{
    [Fact]
    public void Reads_camel_case_fields_and_enums_as_strings()
    {
        var request = SweepFile.Parse("""
            { "name": "tiny", "kind": "paperComparison", "dModels": [64, 128], "epochsList": [2, 5], "iterations": 300,
              "tokenizer": "byte", "device": "cpu", "p0": 1.25e5, "precision": "bf16" }
            """, "s.json");

        Assert.Equal("tiny", request.Name);
        Assert.Equal(SweepKind.PaperComparison, request.Kind);
        Assert.Equal([64, 128], request.DModels!);
        Assert.Equal([2, 5], request.EpochsList!);
        Assert.Equal(DeviceRequirement.Cpu, request.Device);
        Assert.Equal(Precision.Bf16, request.Precision);
        Assert.Equal(125_000, request.P0);
        Assert.Equal(5.0, request.TargetRatio); // unset fields keep SweepRequest's defaults
    }

    [Theory]
    [InlineData("""{ "name": "x", "kind": "isoflops" }""", "field \"kind\"", "\"recipe\", \"isoFlop\", \"paperComparison\"")]
    [InlineData("""{ "name": "x", "kind": "recipe", "batchSize": "big" }""", "field \"batchSize\"", "a whole number")]
    [InlineData("""{ "name": "x", "kind": "recipe", "precision": "fp16" }""", "field \"precision\"", "\"fp32\", \"tf32\", \"bf16\"")]
    [InlineData("""{ "name": "x", "kind": "recipe", "dModels": [64, "wide"] }""", "field \"dModels\"", "an array of whole numbers")]
    [InlineData("""{ "name": "x", "kind": "recipe", "dmodel": [64] }""", "unknown field \"dmodel\"", "did you mean \"dModels\"?")]
    [InlineData("""{ "kind": "recipe" }""", "field \"name\" is required", "\"name\": \"my-sweep\"")]
    [InlineData("""{ "name": null, "kind": "recipe" }""", "field \"name\"", "a string")]
    [InlineData("""[1, 2]""", "must hold a JSON object", "docs/cli.md")]
    [InlineData("""{ "name": "x", "kind": "recipe" """, "not valid JSON (line 1", "")]
    // The same strictness as POST /api/sweeps: one reader (SweepRequestJson) for both.
    [InlineData("""{ "name": "x", "kind": 0 }""", "field \"kind\"", "as a string (got the number 0)")]
    [InlineData("""{ "name": "x", "kind": "recipe", "kind": "isoFlop" }""", "field \"kind\" is given twice", "give each field once")]
    [InlineData("""{ "name": "a\u0000b", "kind": "recipe" }""", "field \"name\" holds a control character (U+0000", "remove it")]
    public void Bad_files_name_the_field_and_the_fix(string json, string field, string fix)
    {
        var error = Assert.Throws<CliException>(() => SweepFile.Parse(json, "sweep.json"));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("sweep.json", error.Message);
        Assert.Contains(field, error.Message);
        Assert.Contains(fix, error.Message);
    }

    [Fact]
    public async Task A_file_over_one_MiB_is_refused_before_it_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"osc-big-sweep-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, $$"""{"name": "{{new string('x', 2 << 20)}}", "kind": "recipe"}""");
        try
        {
            var error = await Assert.ThrowsAsync<CliException>(() => SweepFile.LoadAsync(path, CancellationToken.None));

            Assert.Equal(ExitCodes.BadInput, error.ExitCode);
            Assert.Contains("more than the 1,048,576 (1 MiB) a sweep request may have", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Every_example_sweep_file_parses_and_each_sweep_kind_has_one()
    {
        var files = Directory.GetFiles(Path.Combine(Repository.Root, "examples", "sweeps"), "*.json");

        var kinds = files.Select(f => SweepFile.Parse(File.ReadAllText(f), f).Kind).ToHashSet();

        Assert.Equal(Enum.GetValues<SweepKind>().ToHashSet(), kinds);
    }

    [Fact]
    public void Every_example_file_and_preset_is_a_sweep_the_planner_accepts()
    {
        var examples = Directory.GetFiles(Path.Combine(Repository.Root, "examples", "sweeps"), "*.json")
            .Select(f => SweepFile.Parse(File.ReadAllText(f), f));

        foreach (var request in examples.Concat(SweepPresets.All.Select(p => p.Request)))
        {
            var plan = SweepPlanner.Plan(request);
            Assert.True(plan.Runs.Count > 0, $"{request.Name} plans no run");
        }
    }

    [Fact]
    public void Every_study_of_reproduce_sh_plans_each_size_and_fits_the_bundled_corpora()
    {
        // scripts/reproduce.sh runs these files unattended for up to an hour: a file that does not plan, or a run that
        // needs more unique tokens than the bundled corpora hold (4.9M corpus-BPE tokens, 14.3M bytes), would fail midway.
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "scripts", "study"), "*.json", SearchOption.AllDirectories))
        {
            var plan = SweepPlanner.Plan(SweepFile.Parse(File.ReadAllText(file), file));
            Assert.True(plan.Runs.Count >= 3, $"{file} plans {plan.Runs.Count} run(s)");
            foreach (var run in plan.Runs)
                Assert.True(run.Spec.TotalTokens / run.Spec.Epochs < (run.Spec.Tokenizer == TokenizerKind.Byte ? 14_000_000 : 4_500_000), $"{file}: {run.Key} needs {run.Spec.TotalTokens / run.Spec.Epochs:N0} unique tokens");
        }
    }

    [Fact]
    public void Presets_have_unique_names_and_are_found_by_name_in_any_case()
    {
        Assert.Equal(SweepPresets.All.Count, SweepPresets.All.Select(p => p.Name).Distinct().Count());
        Assert.Equal(SweepPresets.All.Count, SweepPresets.All.Select(p => p.Request.Name).Distinct().Count());
        Assert.Same(SweepPresets.PaperCpu, SweepPresets.Find("PAPER-CPU"));
        Assert.Null(SweepPresets.Find("paper"));
    }
}
