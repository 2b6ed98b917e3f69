using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Reports.Study;

/// <summary>
/// The runs of one exported experiment (`osc export ID --format csv --out DIR`): DIR/runs.csv gives each run's key
/// and spec, DIR/curves/KEY.csv its learning curve. Only succeeded runs are read; the others are listed as skipped.
/// </summary>
public static class ExportedRuns
{
    private static readonly string[] Required = ["runId", "key", "dModel", "layers", "heads", "context", "vocab", "batchSize", "iterations", "epochs", "dropout", "seed"];
    private static readonly string[] Optional = ["status", "corpus"];

    public static IReadOnlyList<FinishedRun> Read(string directory, ICollection<string> notes)
    {
        var table = Path.Combine(directory, "runs.csv");
        if (!File.Exists(table))
            throw new ArgumentException($"'{table}' does not exist: each study folder must hold an `osc export ID --format csv` (runs.csv and curves/).", "data");
        using var reader = new StreamReader(table);
        var columns = CsvColumns.FromHeader(table, reader.ReadLine(), Required, Optional);
        var runs = new List<FinishedRun>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = columns.Fields(lineNumber, line);
            var key = columns.Text(fields, "key");
            if (columns.Has("status") && columns.Text(fields, "status") is var status && status != "succeeded")
            {
                notes.Add($"{key} ({Path.GetFileName(directory)}): status {status}, left out.");
                continue;
            }
            var spec = Spec(columns, lineNumber, fields);
            var curve = CurveCsv.ReadFile(Path.Combine(directory, "curves", key + ".csv"));
            runs.Add(new FinishedRun(columns.Text(fields, "runId"), key, spec, curve));
        }
        return runs;
    }

    private static RunSpec Spec(CsvColumns c, int line, string[] f)
    {
        var shape = new ModelShape((int)c.Whole(line, f, "dModel"), (int)c.Whole(line, f, "layers"), (int)c.Whole(line, f, "heads"),
            (int)c.Whole(line, f, "context"), (int)c.Whole(line, f, "vocab"));
        return new RunSpec(shape, (int)c.Whole(line, f, "batchSize"), (int)c.Whole(line, f, "iterations"),
            Epochs: (int)c.Whole(line, f, "epochs"), Dropout: c.Finite(line, f, "dropout"), Seed: (int)c.Whole(line, f, "seed"),
            Tokenizer: Enum.GetValues<TokenizerKind>().FirstOrDefault(t => t.VocabularySize() == shape.Vocab, TokenizerKind.Gpt2));
    }
}
