namespace OrleansScaling.Dashboard.Charts;

/// <summary>One plotted point, already on the axis scale the chart shows (log10 on log axes).</summary>
public readonly record struct ChartPoint(double X, double Y);

/// <summary>A named line; dashed for fitted power laws. Shade: how far its group's colour is lightened (a branch of a trunk).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, int Group, bool Dashed = false, double Shade = 0);

/// <summary>The x-axis of the curves chart.</summary>
public enum CurveAxis { Iterations, Tokens, Flops }

/// <summary>
/// What charts.js receives: series, axis titles, and whether values are log10 (Log for both axes; LogY, when set,
/// for the y-axis alone).
/// </summary>
public sealed record ChartConfig(
    IReadOnlyList<ChartSeriesJson> Series,
    string XTitle,
    string YTitle,
    bool Log,
    int RawPointCount,
    bool? LogY = null);

/// <summary>
/// Group: the run's (or budget's) index, so a run and its fit share a colour. Kind: "line" (Data as [x, y]),
/// "points" (markers only, [x, y]) or "band" (a shaded 95% band, Data as [x, lo, hi]). Shade: 0 draws the group's colour,
/// up to 1 lightens it towards white (a trunk's branches are its colour family, each a little lighter).
/// </summary>
public sealed record ChartSeriesJson(string Name, double[][] Data, int Group, bool Dashed, string Kind = ChartKinds.Line, double Shade = 0);

public static class ChartData
{
    /// <summary>
    /// The config without rows that hold NaN or ±∞. Blazor's JS interop writes JSON that cannot hold them (it would
    /// throw and break the page), and a chart cannot draw them: every chart goes through this before charts.js.
    /// </summary>
    public static ChartConfig WithFiniteData(this ChartConfig config) =>
        config.Series.All(s => s.Data.All(row => row.All(double.IsFinite))) ? config : config with
        {
            Series = config.Series.Select(s => s with { Data = s.Data.Where(row => row.All(double.IsFinite)).ToArray() }).ToList(),
        };
}

public static class ChartKinds
{
    public const string Line = "line";
    public const string Points = "points";
    public const string Band = "band";
}
