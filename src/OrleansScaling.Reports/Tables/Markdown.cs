using System.Globalization;
using System.Text;
using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Reports.Tables;

/// <summary>Markdown table and number formatting: invariant culture, a unit or a fixed precision for every number.</summary>
public static class Markdown
{
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", header).Append(" |\n");
        text.Append('|').AppendJoin("|", header.Select(_ => "---")).Append("|\n");
        foreach (var row in rows) text.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        return text.ToString();
    }

    public static string F(double? value, string format = "0.000") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string E(double value) => value.ToString("0.00e0", CultureInfo.InvariantCulture);

    /// <summary>A 95% interval as "[lo, hi]" (an open end as ∞ or 0), "" when there is none.</summary>
    public static string Interval(IReadOnlyList<double?>? interval, string format) =>
        interval is not { Count: 2 } ? "" : $"[{(interval[0] is { } lo ? F(lo, format) : "0")}, {(interval[1] is { } hi ? F(hi, format) + "]" : "∞)")}";

    /// <summary>
    /// A 95% interval with what it rests on: "[lo, hi] (3 seeds)", and its note where it has one; an absent interval says why ("— (no interval: …)").
    /// </summary>
    public static string Interval(IReadOnlyList<double?>? interval, string format, IntervalBasis? basis)
    {
        if (basis is null) return Interval(interval, format);
        var why = $"{basis.Count}{(basis.Note is null ? "" : ": " + basis.Note)}";
        return interval is { Count: 2 } ? $"{Interval(interval, format)} ({why})" : $"— ({why})";
    }

    /// <summary>[from, to] with ∞ for an open upper end (null), — for an empty range.</summary>
    public static string Range(IReadOnlyList<double?> range, string format) =>
        range.Count != 2 ? "—" : $"[{F(range[0], format)}, {(range[1] is null ? "∞)" : F(range[1], format) + "]")}";
}
