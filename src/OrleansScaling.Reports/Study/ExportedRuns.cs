using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Reports.Study;

/// <summary>
/// The runs of one exported experiment (`osc export ID --format csv --out DIR`): DIR/runs.csv gives each run's key
/// and whole spec (<see cref="RunSpecColumns"/>, the table the export writes with), DIR/curves/KEY.csv its learning
/// curve. Succeeded runs are read, and runs stopped early with their forecast columns (<see cref="StoppedRuns"/>); the
/// others are listed as skipped. An older export, without some spec columns,
/// still reads: those fields take <see cref="RunSpec"/>'s defaults and one note says which columns were missing.
/// </summary>
public static class ExportedRuns
{
    private static readonly string[] Required = ["runId", "key", .. RunSpecColumns.Required];
    private static readonly string[] Forecast = ["forecastFinalLoss", "forecastLo", "forecastHi", "forecastFromIteration", "forecastToIteration"];
    private static readonly string[] Optional = ["status", "stopReason", .. Forecast, .. RunSpecColumns.Names.Except(RunSpecColumns.Required)];

    /// <param name="leftOut">Where diverged runs go (the analyses note them); without it they are study notes.</param>
    public static IReadOnlyList<FinishedRun> Read(string directory, ICollection<string> notes, ICollection<LeftOutRun>? leftOut = null)
    {
        var table = Path.Combine(directory, "runs.csv");
        if (!File.Exists(table))
            throw new ArgumentException($"'{table}' does not exist: each study folder must hold an `osc export ID --format csv` (runs.csv and curves/).", "data");
        using var reader = new StreamReader(table);
        var header = reader.ReadLine();
        var columns = CsvColumns.FromHeader(table, header, Required, Optional);
        var width = RunSpecColumns.SplitRow(header!).Length;
        var missing = RunSpecColumns.Names.Where(n => !columns.Has(n)).ToList();
        if (missing.Count > 0)
            notes.Add($"{Path.GetFileName(directory)}: runs.csv has no {string.Join(", ", missing)} column{(missing.Count == 1 ? "" : "s")} " +
                      "(an export older than the whole run spec): its runs take RunSpec's defaults there" +
                      (missing.Contains("tokenizer") ? ", the tokenizer the one whose vocabulary matches." : "."));
        var runs = new List<FinishedRun>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = RunSpecColumns.SplitRow(line);
            if (fields.Length < width)
                throw new CurveFileException(table, lineNumber, "row", $"the row has {fields.Length} fields but the header names {width}: complete the row or delete it.");
            var key = columns.Text(fields, "key");
            var stoppedEarly = columns.Has("status") && columns.Text(fields, "status") == "stoppedEarly";
            if (columns.Has("status") && columns.Text(fields, "status") is var status && status != "succeeded" && !stoppedEarly)
            {
                // A diverged run is a result the analyses name, as the experiment grain's do; other statuses are a study note.
                if (status == "diverged" && leftOut is not null)
                    leftOut.Add(new LeftOutRun(key, Divergence.WithoutAdvice(columns.Has("stopReason") && columns.Text(fields, "stopReason") is { Length: > 0 } reason ? reason : "diverged")));
                else
                    notes.Add($"{key} ({Path.GetFileName(directory)}): status {status}, left out.");
                continue;
            }
            var spec = Spec(table, columns, lineNumber, fields);
            var curve = CurveCsv.ReadFile(Path.Combine(directory, "curves", key + ".csv"));
            var run = new FinishedRun(columns.Text(fields, "runId"), key, spec, curve);
            if (!stoppedEarly) runs.Add(run);
            // A run stopped early counts with the forecast its stop rested on, as the experiment grain counts it.
            else if (StoppedRuns.WithForecast(run, ReadForecast(columns, lineNumber, fields)) is { } stopped) runs.Add(stopped);
            else if (leftOut is not null) leftOut.Add(StoppedRuns.LeftOut(key));
            else notes.Add($"{key} ({Path.GetFileName(directory)}): {StoppedRuns.WithoutForecast}, left out.");
        }
        return runs;
    }

    /// <summary>The forecast columns of a row (null without a forecast); an empty interval end is an open one.</summary>
    private static RunForecast? ReadForecast(CsvColumns columns, int line, string[] fields)
    {
        var final = columns.Optional(line, fields, "forecastFinalLoss");
        if (double.IsNaN(final) && (!columns.Has("forecastFinalLoss") || columns.Text(fields, "forecastFinalLoss").Length == 0)) return null;
        double? End(string column) => columns.Has(column) && columns.Text(fields, column).Length > 0 ? columns.Optional(line, fields, column) : null;
        long Iteration(string column) => columns.Has(column) && columns.Text(fields, column).Length > 0 ? columns.Whole(line, fields, column) : 0;
        return new RunForecast(final, [End("forecastLo"), End("forecastHi")], Iteration("forecastFromIteration"), Iteration("forecastToIteration"));
    }

    private static RunSpec Spec(string table, CsvColumns columns, int line, string[] fields)
    {
        try
        {
            return RunSpecColumns.Parse(name => columns.Has(name) ? columns.Text(fields, name) : null);
        }
        catch (RunSpecColumnException e)
        {
            throw new CurveFileException(table, line, e.Column, e.Message);
        }
    }
}
