using System.Text.Json;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Cli.Tests;

public sealed class SweepReplayCommandTests : IDisposable
{
    private readonly FakeConnector _connector = new(new FakeScalingClient());
    private readonly string _dir = Directory.CreateTempSubdirectory("osc-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// An IsoFLOP export: five sizes at equal 6·N·D, 40 evaluations each, losses E + 3·i^(−0.3) with d96 and d160 far
    /// above the profile's minimum (at d48).
    /// </summary>
    private string WriteIsoFlopExport()
    {
        var folder = Path.Combine(_dir, "study", "isoflop-a");
        var curves = Directory.CreateDirectory(Path.Combine(folder, "curves")).FullName;
        var rows = new List<string> { "runId,key,dModel,layers,heads,context,vocab,batchSize,iterations,epochs,dropout,seed,warmupIterations,status" };
        foreach (var (d, e) in new[] { (32, 4.3), (48, 4.0), (64, 4.1), (96, 5.6), (160, 6.4) })
        {
            var shape = new ModelShape(d, 2, 1, 64, 256);
            var iterations = (int)Math.Round(4e9 / shape.Parameters);
            var points = Enumerable.Range(1, 40).Select(k => (long)iterations * k / 40)
                .Select(i => new CurvePoint(i, i * 256, 6.0 * shape.Parameters * 256 * i, e + 3 * Math.Pow(i, -0.3), e + 3 * Math.Pow(i, -0.3), 1e-3, i, 1e4)).ToList();
            CurveCsv.WriteFile(Path.Combine(curves, $"d{d}-L2-S-seed1.csv"), points);
            rows.Add($"r{d},d{d}-L2-S-seed1,{d},2,1,64,256,4,{iterations},1,0,1,10,succeeded");
        }
        File.WriteAllLines(Path.Combine(folder, "runs.csv"), rows);
        return Path.Combine(_dir, "study");
    }

    [Fact]
    public async Task Replay_json_prints_the_flops_saved_and_each_decision_with_whether_it_is_inside()
    {
        var data = WriteIsoFlopExport();

        var result = await Osc.Run(_connector, "sweep", "replay", "--data", data, "--policy", "frontier", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(0, _connector.Connections);
        var root = JsonDocument.Parse(result.Output).RootElement;
        var (used, full, saved) = (root.GetProperty("flopsUsed").GetDouble(), root.GetProperty("flopsFull").GetDouble(), root.GetProperty("saved").GetDouble());
        Assert.True(used < full, $"used {used:G3} of {full:G3}");
        Assert.Equal(1 - used / full, saved, 12);
        var decision = Assert.Single(root.GetProperty("decisions").EnumerateArray());
        Assert.StartsWith("IsoFLOP optimum", decision.GetProperty("analysis").GetString());
        Assert.Equal(JsonValueKind.Number, decision.GetProperty("full").ValueKind);
        Assert.Equal(JsonValueKind.Number, decision.GetProperty("replayed").ValueKind);
        Assert.Contains(decision.GetProperty("inside").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.Equal(["d160-L2-S-seed1", "d96-L2-S-seed1"],
            root.GetProperty("stops").EnumerateArray().Select(s => s.GetProperty("key").GetString()!).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Replay_text_names_each_stop_and_decision()
    {
        var result = await Osc.Run(_connector, "sweep", "replay", "--data", WriteIsoFlopExport(), "--policy", "frontier", "--min-fraction", "0.5");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("saved)", result.Output);
        Assert.Contains("stopped isoflop-a/d160-L2-S-seed1 at iteration", result.Output);
        Assert.Contains("IsoFLOP optimum N* (params)", result.Output);
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("--policy")]
    [InlineData("--min-fraction")]
    public async Task Bad_input_exits_2_naming_the_flag(string flag)
    {
        var data = WriteIsoFlopExport();
        string[] args = flag switch
        {
            "--data" => ["--data", Path.Combine(_dir, "nowhere"), "--policy", "frontier"],
            "--policy" => ["--data", data, "--policy", "asha"],
            _ => ["--data", data, "--policy", "frontier", "--min-fraction", "1.5"],
        };

        var result = await Osc.Run(_connector, ["sweep", "replay", .. args]);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith($"osc sweep: {flag}", result.Error);
        Assert.Equal(0, _connector.Connections);
    }
}
