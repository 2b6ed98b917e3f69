namespace OrleansScaling.Science.Curves;

/// <summary>
/// A finished run reduced to its size, data and final test loss; Budget (FLOPs) groups IsoFLOP profiles. LossSd, when
/// known, is the final loss's evaluation noise (<see cref="OrleansScaling.Science.Analysis.Bootstrap.FinalLossNoise.Of"/>
/// of the run's curve): the IsoFLOP interval of a budget of 3 runs needs it.
/// </summary>
public sealed record LossObservation(double Params, double Tokens, double Loss, double Budget = double.NaN, double? LossSd = null);

/// <summary>
/// Final losses of many runs as CSV, the input of the IsoFLOP and parametric fits: columns params, tokens, loss
/// (required) and budget (optional: the FLOPs budget a run belongs to), by name, others ignored.
/// </summary>
public static class LossTableCsv
{
    private static readonly string[] Required = ["params", "tokens", "loss"];
    private static readonly string[] Optional = ["budget"];

    public static IReadOnlyList<LossObservation> ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"loss table '{path}' does not exist: give a CSV with the columns params, tokens, loss[, budget].", "points");
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<LossObservation> Read(TextReader reader, string source)
    {
        var columns = CsvColumns.FromHeader(source, reader.ReadLine(), Required, Optional);
        var rows = new List<LossObservation>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = columns.Fields(lineNumber, line);
            rows.Add(new LossObservation(
                columns.Positive(lineNumber, fields, "params"),
                columns.Positive(lineNumber, fields, "tokens"),
                columns.Positive(lineNumber, fields, "loss"),
                columns.Has("budget") ? columns.Positive(lineNumber, fields, "budget") : double.NaN));
        }
        if (rows.Count == 0) throw new CurveFileException(source, lineNumber, "loss", "the table has a header but no rows: give one row per finished run.");
        return rows;
    }
}
