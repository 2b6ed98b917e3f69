using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Tests.Runs;

/// <summary>Issue 20: a sweep's optional "earlyStopping" field, read strictly and validated in one place.</summary>
public sealed class EarlyStoppingFieldTests
{
    private const string Head = """{"name": "s", "kind": "isoFlop", "flopsBudget": 6e13, """;

    [Fact]
    public void Absent_is_off_and_a_frontier_policy_reads_back_with_its_min_fraction()
    {
        Assert.Null(SweepRequestJson.Read("""{"name": "s", "kind": "isoFlop", "flopsBudget": 6e13}""").EarlyStopping);

        var request = SweepRequestJson.Read(Head + """ "earlyStopping": {"policy": "frontier", "minFraction": 0.4}}""");

        Assert.Equal(new EarlyStoppingSettings("frontier", 0.4), request.EarlyStopping);
        Assert.Empty(SweepRequestValidation.Errors(request));
        Assert.Equal(request, SweepRequestJson.Read(SweepRequestJson.Write(request)));
    }

    [Fact]
    public void Both_fields_are_optional_and_default_to_the_frontier_policy_at_30_percent()
    {
        var request = SweepRequestJson.Read(Head + """ "earlyStopping": {}}""");

        Assert.Equal(new EarlyStoppingSettings(EarlyStoppingSettings.Frontier, 0.3), request.EarlyStopping);
    }

    [Theory]
    [InlineData(""" "earlyStopping": {"policy": "asha"}""", "earlyStopping.policy must be \"frontier\" (got \"asha\")")]
    [InlineData(""" "earlyStopping": {"minFraction": 0}""", "earlyStopping.minFraction must be a number between 0 and 1, exclusive (got 0)")]
    [InlineData(""" "earlyStopping": {"minFraction": 1}""", "(got 1)")]
    [InlineData(""" "earlyStopping": {"minFraction": -0.5}""", "(got -0.5)")]
    [InlineData(""" "earlyStopping": {"minFraction": "NaN"}""", "(got NaN)")]
    public void A_bad_value_is_refused_by_the_validator_naming_earlyStopping(string field, string message)
    {
        var request = SweepRequestJson.Read(Head + field + "}");

        var errors = SweepRequestValidation.Errors(request);

        var (name, messages) = Assert.Single(errors);
        Assert.Equal("earlyStopping", name);
        Assert.Contains(message, messages[0]);
        Assert.Single(messages[0].Split('\n'));
    }

    [Theory]
    [InlineData(""" "earlyStopping": {"polcy": "frontier"}""", "field \"earlyStopping\" (at $.earlyStopping.polcy) must be an object {\"policy\": \"frontier\", \"minFraction\": 0.3}")]
    [InlineData(""" "earlyStopping": true""", "must be an object {\"policy\"")]
    [InlineData(""" "earlyStopping": {"policy": null}""", "field \"earlyStopping\"")]
    [InlineData(""" "earlyStopping": {"minFraction": "a third"}""", "field \"earlyStopping\"")]
    [InlineData(""" "earlyStopping": {"policy": "front\u0000ier"}""", "field \"earlyStopping\" holds a control character")]
    public void A_malformed_field_is_refused_by_the_reader_naming_earlyStopping(string field, string message)
    {
        var error = Assert.Throws<SweepRequestJsonException>(() => SweepRequestJson.Read(Head + field + "}"));

        Assert.Equal("earlyStopping", error.ParamName);
        Assert.Contains(message, error.Message);
        Assert.Single(error.Message.Split('\n'));
    }
}
