using System.Text.Json.Nodes;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Cli.Tests;

/// <summary>Every `--json` writer takes NaN and ±∞ (issue 20): the named literals, never an exception.</summary>
public sealed class JsonNonFiniteTests
{
    [Fact]
    public void Records_and_nodes_write_NaN_and_infinity_as_the_named_literals()
    {
        var point = new CurvePoint(2, 64, 1e6, double.NaN, double.PositiveInfinity, 1e9, 0.5, double.NegativeInfinity);
        var json = Json.Serialize(point);
        Assert.Contains("\"trainLoss\": \"NaN\"", json);
        Assert.Contains("\"testLoss\": \"Infinity\"", json);
        Assert.Contains("\"tokensPerSecond\": \"-Infinity\"", json);

        // What `osc plan --fit` adds to its plan's JSON.
        var node = new JsonObject { ["predictedLoss"] = Json.Number(double.NaN), ["interval"] = new JsonArray(Json.Number(double.PositiveInfinity), null) };
        Assert.Equal("{\"predictedLoss\":\"NaN\",\"interval\":[\"Infinity\",null]}", node.ToJsonString());
    }
}
