namespace OrleansScaling.Dashboard.Api;

/// <summary>The export formats: CSV (pandas.read_csv) and JSON.</summary>
internal static class CurveFormat
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>Null when the format is neither csv nor json: a 400 naming the field.</summary>
    public static bool? IsCsv(string format) => format.ToLowerInvariant() switch
    {
        "csv" => true,
        "json" => false,
        _ => null,
    };

    public static IResult Invalid(string format) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["format"] = [$"Unknown format '{format}'; use format=csv or format=json."] });
}
