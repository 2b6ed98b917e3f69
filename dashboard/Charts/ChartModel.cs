namespace OrleansScaling.Dashboard.Charts;

/// <summary>One plotted point, already on the axis scale the chart shows (log10 on log axes).</summary>
public readonly record struct ChartPoint(double X, double Y);

/// <summary>A named line; dashed for fitted power laws.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, int Group, bool Dashed = false);

/// <summary>The x-axis of the curves chart.</summary>
public enum CurveAxis { Iterations, Tokens, Flops }

/// <summary>What charts.js receives: series as [x, y] pairs, axis titles, and whether values are log10.</summary>
public sealed record ChartConfig(
    IReadOnlyList<ChartSeriesJson> Series,
    string XTitle,
    string YTitle,
    bool Log,
    int RawPointCount);

/// <summary>Group: the run's index, so a run and its fit share a colour.</summary>
public sealed record ChartSeriesJson(string Name, double[][] Data, int Group, bool Dashed);
