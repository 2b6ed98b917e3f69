namespace OrleansScaling.Dashboard.Charts;

/// <summary>One plotted point, already on the axis scale the chart shows (log10 on log axes).</summary>
public readonly record struct ChartPoint(double X, double Y);

/// <summary>A named line; dashed for fitted power laws.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, bool Dashed = false);

/// <summary>The x-axis of the curves chart.</summary>
public enum CurveAxis { Iterations, Tokens, Flops }

/// <summary>What charts.js receives: series as [x, y] pairs, axis titles, and whether values are log10.</summary>
public sealed record ChartConfig(
    IReadOnlyList<ChartSeriesJson> Series,
    string XTitle,
    string YTitle,
    bool Log,
    int RawPointCount);

public sealed record ChartSeriesJson(string Name, double[][] Data, bool Dashed);
