using System.Text.Json;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;

namespace OrleansScaling.Cli.Tests;

public class PlanCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Osc(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await CommandRouter.RunAsync([new PlanCommand()], ["plan", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Plan_json_has_the_contract_fields_and_the_exact_continuous_optimum()
    {
        var (exit, output, error) = await Osc("--p0", "1e6", "--t0", "5e6", "--ratio", "5", "--tokens-per-iteration", "2048", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1e6, root.GetProperty("targetParams").GetDouble(), 6);
        Assert.Equal(5e6, root.GetProperty("targetTokens").GetDouble(), 6);
        Assert.Equal(5e12, root.GetProperty("budget").GetDouble());
        var chosen = root.GetProperty("chosen");
        foreach (var field in new[] { "dModel", "layers", "heads", "params", "iterations", "tokens", "ratio", "budgetError" })
            Assert.True(chosen.TryGetProperty(field, out _), $"chosen lacks {field}");
        Assert.Equal(chosen.GetProperty("iterations").GetInt64() * 2048, chosen.GetProperty("tokens").GetInt64());
        Assert.InRange(Math.Abs(chosen.GetProperty("budgetError").GetDouble()), 0, 0.02);
        var candidates = root.GetProperty("candidates");
        Assert.True(candidates.GetArrayLength() > 1);
        Assert.Equal((chosen.GetProperty("dModel").GetInt32(), chosen.GetProperty("layers").GetInt32()),
            (candidates[0].GetProperty("dModel").GetInt32(), candidates[0].GetProperty("layers").GetInt32()));
    }

    [Fact]
    public async Task Plan_text_gives_the_choice_with_units_and_a_wall_time_from_the_throughput()
    {
        var (exit, output, _) = await Osc("--flops", "3e13", "--tokens-per-second", "6915");

        Assert.Equal(0, exit);
        Assert.Contains("P* = 1,000,000 parameters, T* = 5,000,000 tokens", output);
        Assert.Contains("iterations × 2,048 tokens", output);
        Assert.Contains("FLOPs, about", output);
        Assert.Contains("min of training", output);
    }

    [Theory]
    [InlineData("p0", new[] { "--p0", "0", "--t0", "5e6" })]
    [InlineData("p0", new[] { "--p0", "-1e6", "--t0", "5e6" })]
    [InlineData("ratio", new[] { "--p0", "1e6", "--t0", "5e6", "--ratio", "0" })]
    [InlineData("ratio", new[] { "--p0", "1e6", "--t0", "5e6", "--ratio", "-2" })]
    [InlineData("--t0 is required", new[] { "--p0", "1e6" })]
    [InlineData("smallest possible P is 74,688", new[] { "--p0", "1e3", "--t0", "1e3" })]
    [InlineData("--p0 must be a number", new[] { "--p0", "lots", "--t0", "5e6" })]
    [InlineData("unknown option(s) --ratoi", new[] { "--p0", "1e6", "--t0", "5e6", "--ratoi", "5" })]
    [InlineData("not both", new[] { "--p0", "1e6", "--t0", "5e6", "--flops", "3e13" })]
    public async Task Bad_input_exits_2_naming_the_field(string words, string[] args)
    {
        var (exit, output, error) = await Osc(args);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", output);
        Assert.Contains(words, error);
        Assert.DoesNotContain("(Parameter '", error);
    }
}
