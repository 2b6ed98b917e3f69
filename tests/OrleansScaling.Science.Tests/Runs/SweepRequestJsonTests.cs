using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Tests.Runs;

/// <summary>The one reader of a sweep request (sweep files and POST /api/sweeps): strict, and every refusal names its field.</summary>
public sealed class SweepRequestJsonTests
{
    [Fact]
    public void Reads_camel_case_fields_enums_as_strings_comments_and_trailing_commas()
    {
        var request = SweepRequestJson.Read("""
            { // a comment
              "name": "tiny", "kind": "paperComparison", "dModels": [64, 128], "tokenizer": "bpe2k", "precision": "bf16",
              "device": "cpu", "iterations": 300, "learningRate": "NaN", }
            """);

        Assert.Equal(new SweepRequest("tiny", SweepKind.PaperComparison, DModels: request.DModels, Tokenizer: TokenizerKind.Bpe2k,
            Precision: Precision.Bf16, Device: DeviceRequirement.Cpu, Iterations: 300, LearningRate: double.NaN), request);
        Assert.Equal([64, 128], request.DModels!);
    }

    [Fact]
    public void What_Write_writes_Read_reads_back()
    {
        var request = new SweepRequest("round trip", SweepKind.IsoFlop, FlopsBudget: 6e13, Seeds: [1, 2], Tokenizer: TokenizerKind.Gpt2,
            Device: DeviceRequirement.Gpu, Precision: Precision.Tf32);

        var json = SweepRequestJson.Write(request);
        var back = SweepRequestJson.Read(json);

        Assert.Contains("\"kind\":\"isoFlop\"", json);
        Assert.Equal(request with { Seeds = back.Seeds }, back);
        Assert.Equal([1, 2], back.Seeds!);
    }

    [Theory]
    // unknown fields, misspelt or in another case
    [InlineData("""{"name": "x", "kind": "recipe", "dmodel": [64]}""", "dmodel", "unknown field \"dmodel\"; did you mean \"dModels\"?")]
    [InlineData("""{"name": "x", "kind": "recipe", "BatchSize": 8}""", "BatchSize", "did you mean \"batchSize\"?")]
    [InlineData("""{"name": "x", "kind": "recipe", "colour": "blue"}""", "colour", "Fields: name, kind,")]
    // enums only as camelCase strings
    [InlineData("""{"name": "x", "kind": 2}""", "kind", "\"recipe\", \"isoFlop\", \"paperComparison\", \"grid\", as a string (got the number 2)")]
    [InlineData("""{"name": "x", "kind": "recipe", "tokenizer": 1}""", "tokenizer", "\"byte\", \"gpt2\", \"bpe2k\", as a string")]
    [InlineData("""{"name": "x", "kind": "recipe", "precision": "2"}""", "precision", "\"fp32\", \"tf32\", \"bf16\"")]
    [InlineData("""{"name": "x", "kind": "isoflops"}""", "kind", "must be one of \"recipe\", \"isoFlop\", \"paperComparison\"")]
    // a field given twice
    [InlineData("""{"name": "x", "kind": "recipe", "p0": 1e6, "p0": 2e6}""", "p0", "field \"p0\" is given twice; give each field once")]
    [InlineData("""{"name": "x", "name": "y", "kind": "recipe"}""", "name", "given twice")]
    // control characters in strings
    [InlineData("""{"name": "a\u0000b", "kind": "recipe"}""", "name", "field \"name\" holds a control character (U+0000 at character 2)")]
    [InlineData("""{"name": "bell\u0007", "kind": "recipe"}""", "name", "U+0007 at character 5")]
    [InlineData("""{"name": "x", "kind": "recipe", "corpus": "brown\n"}""", "corpus", "field \"corpus\" holds a control character (U+000A")]
    [InlineData("""{"name": "x\u009b", "kind": "recipe"}""", "name", "U+009B")]
    // values the request cannot hold, and the document as a whole
    [InlineData("""{"name": "x", "kind": "recipe", "dModels": [64, "wide"]}""", "dModels", "an array of whole numbers")]
    [InlineData("""{"name": null, "kind": "recipe"}""", "name", "must be a string")]
    [InlineData("""{"kind": "recipe"}""", "name", "field \"name\" is required; add it, e.g. \"name\": \"my-sweep\"")]
    [InlineData("""[1, 2]""", "request", "must hold a JSON object of sweep fields (got array)")]
    [InlineData("""{"name": "x", "kind": "recipe" """, "request", "not valid JSON (line 1")]
    [InlineData("", "request", "the sweep request is empty")]
    public void A_refusal_names_the_field_and_the_fix(string json, string field, string message)
    {
        var error = Assert.Throws<SweepRequestJsonException>(() => SweepRequestJson.Read(json));

        Assert.Equal(field, error.ParamName);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain("(Parameter", error.Message);
        Assert.DoesNotContain('\0', error.Message);
        Assert.Single(error.Message.Split('\n'));
    }

    [Fact]
    public void An_unknown_field_with_a_control_character_is_printed_escaped_and_names_the_request()
    {
        var error = Assert.Throws<SweepRequestJsonException>(() => SweepRequestJson.Read("""{"name": "x", "kind": "recipe", "na\u0000me": "y"}"""));

        Assert.Equal("request", error.ParamName);
        Assert.Contains("unknown field \"na\\u0000me\"", error.Message);
    }

    [Fact]
    public void A_document_over_one_MiB_is_refused_before_it_is_parsed()
    {
        var json = $$"""{"name": "{{new string('x', SweepRequestJson.MaxBytes)}}", "kind": "recipe"}""";

        var error = Assert.Throws<SweepRequestJsonException>(() => SweepRequestJson.Read(json));

        Assert.Equal("request", error.ParamName);
        Assert.Contains("more than the 1,048,576 (1 MiB)", error.Message);
    }

    [Fact]
    public void Every_example_sweep_file_and_preset_reads_back_through_the_reader()
    {
        foreach (var preset in SweepPresets.All)
            Assert.Equal(SweepRequestJson.Write(preset.Request), SweepRequestJson.Write(SweepRequestJson.Read(SweepRequestJson.Write(preset.Request))));
    }

    [Fact]
    public void Validation_refuses_a_control_character_in_the_name_or_corpus_however_the_request_was_made()
    {
        var errors = SweepRequestValidation.Errors(new SweepRequest("tab\there", SweepKind.Recipe, P0: 1e6, T0: 5e6, Corpus: "brown\0"));

        Assert.Contains("U+0009", errors["name"][0]);
        Assert.Contains("U+0000", errors["corpus"][0]);
    }
}
