using System.Reflection;
using System.Text.Json;
using OrleansScaling.Reports.Study;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Reports.Tests;

public sealed class ExportedRunsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("osc-exported-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A spec with a value other than the default in every field, doubles that need all 17 digits, a corpus that needs quoting.</summary>
    public static readonly RunSpec Unusual = new(new ModelShape(96, 3, 4, 48, 2048), BatchSize: 12, Iterations: 777, Epochs: 4,
        Dropout: 0.1 + 0.2, Corpus: "data/a, \"quoted\" corpus.txt", Seed: 7, LearningRate: 1e-3 / 3, WarmupIterations: 17,
        Schedule: LearningRateSchedule.Wsd, Tokenizer: TokenizerKind.Bpe2k, WeightDecay: 0.01, GradientClip: 0.7,
        Evaluations: 13, EvalBatches: 3, CheckpointEvery: 250, Precision: Precision.Bf16, CooldownFraction: 1.0 / 3, CooldownShape: CooldownShape.Linear);

    [Fact]
    public void The_columns_are_every_field_of_the_spec_and_its_shape()
    {
        static IEnumerable<string> Fields(Type type) => type.GetConstructors().Single(c => c.GetParameters().Length > 1).GetParameters()
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!));
        var fields = Fields(typeof(ModelShape)).Concat(Fields(typeof(RunSpec)).Where(f => f != "shape")).Order().ToList();
        Assert.Equal(fields, RunSpecColumns.Names.Order().ToList());
        var defaults = new RunSpec(new ModelShape(1, 1, 1, 1, 1), 1, 1);
        Assert.All(RunSpecColumns.All, c => Assert.NotEqual(c.Format(defaults), c.Format(Unusual)));
    }

    [Fact]
    public void A_spec_written_as_a_row_reads_back_equal()
    {
        var header = string.Join(',', RunSpecColumns.Names);
        var row = string.Join(',', RunSpecColumns.Names.Select(n => RunSpecColumns.Quote(RunSpecColumns.Format(Unusual, n))));
        var fields = RunSpecColumns.SplitRow(row);
        var names = RunSpecColumns.SplitRow(header).ToList();

        var read = RunSpecColumns.Parse(n => names.IndexOf(n) is var i and >= 0 ? fields[i] : null);

        Assert.Equal(Unusual, read);
        Assert.Contains(",wsd,bpe2k,", row);
        Assert.EndsWith(",bf16,0.3333333333333333,linear", row);
    }

    [Fact]
    public void An_export_with_the_whole_spec_reads_back_the_run_that_trained()
    {
        var header = "runId,key,status," + string.Join(',', RunSpecColumns.Names);
        WriteExport("new", header, "r1,k1,succeeded," + string.Join(',', RunSpecColumns.Names.Select(n => RunSpecColumns.Quote(RunSpecColumns.Format(Unusual, n)))));
        var notes = new List<string>();

        var run = Assert.Single(ExportedRuns.Read(Path.Combine(_dir, "new"), notes));

        Assert.Equal(Unusual, run.Spec);
        Assert.Empty(notes);
    }

    [Fact]
    public void An_older_export_without_the_new_columns_still_reads_with_defaults_and_one_note()
    {
        // The runs.csv `osc export` wrote before it carried the whole spec.
        WriteExport("old", "runId,key,regime,dModel,layers,heads,context,vocab,params,flopsPerToken,batchSize,iterations,epochs,dropout,seed,corpus,status," +
                           "iteration,tokensSeen,uniqueTokensSeen,lastTestLoss,bestTestLoss,tokensPerSecond,attempts",
            "r1,k1,M(E=2),64,2,2,128,2048,1,1,16,300,2,0.1,3,bundled,succeeded,300,1,1,2.5,2.4,1000,1",
            "r2,k2,S,64,2,2,128,256,1,1,16,300,1,0,1,bundled,succeeded,300,1,1,2.5,2.4,1000,1");
        var notes = new List<string>();

        var runs = ExportedRuns.Read(Path.Combine(_dir, "old"), notes);

        Assert.Equal(new RunSpec(new ModelShape(64, 2, 2, 128, 2048), 16, 300, Epochs: 2, Dropout: 0.1, Seed: 3, Tokenizer: TokenizerKind.Bpe2k), runs[0].Spec);
        Assert.Equal(new RunSpec(new ModelShape(64, 2, 2, 128, 256), 16, 300), runs[1].Spec);
        var note = Assert.Single(notes);
        Assert.StartsWith("old: runs.csv has no learningRate, warmupIterations, schedule, tokenizer, weightDecay, gradientClip, evaluations, evalBatches, checkpointEvery, precision, cooldownFraction, cooldownShape columns", note);
    }

    [Fact]
    public void A_value_that_does_not_parse_names_the_file_line_and_column()
    {
        WriteExport("bad", "runId,key,dModel,layers,heads,context,vocab,batchSize,iterations,precision",
            "r1,k1,64,2,2,128,256,16,300,fp32", "r2,k2,64,2,2,128,256,16,300,fp64");

        var error = Assert.Throws<CurveFileException>(() => ExportedRuns.Read(Path.Combine(_dir, "bad"), new List<string>()));

        Assert.Equal((3, "precision"), (error.Line, error.Column));
        Assert.Contains("'fp64' is not one of fp32, tf32, bf16", error.Message);
    }

    private void WriteExport(string name, string header, params string[] rows)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, name, "curves")).Parent!.FullName;
        File.WriteAllLines(Path.Combine(folder, "runs.csv"), [header, .. rows]);
        foreach (var key in rows.Select(r => RunSpecColumns.SplitRow(r)[1]))
            CurveCsv.WriteFile(Path.Combine(folder, "curves", key + ".csv"), [new CurvePoint(0, 0, 0, 3, 3, 1e-3, 0, 0), new CurvePoint(100, 1000, 1e9, 2.5, 2.5, 1e-3, 1, 1000)]);
    }
}
