using System.Globalization;

namespace OrleansScaling.Science.Curves;

/// <summary>
/// The columns of a small numeric CSV file found by name in its header (any case, any order, unknown ones
/// ignored), with typed reads whose errors name the file, line and column. Shared by the curve and loss-table readers.
/// </summary>
public sealed class CsvColumns
{
    private readonly Dictionary<string, int> _positions;
    private readonly int _width;

    public string Source { get; }

    private CsvColumns(string source, Dictionary<string, int> positions, int width) => (Source, _positions, _width) = (source, positions, width);

    /// <summary>Reads the header line; every name in <paramref name="required"/> must be present.</summary>
    public static CsvColumns FromHeader(string source, string? header, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        if (header is null || header.Trim().Length == 0)
            throw new CurveFileException(source, 1, "header", $"the file is empty; it must start with a header naming {string.Join(", ", required)}.");
        var names = header.Split(',').Select(n => n.Trim().Trim('"')).ToArray();
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            var known = required.Contains(names[i], StringComparer.OrdinalIgnoreCase) || optional.Contains(names[i], StringComparer.OrdinalIgnoreCase);
            if (known && !positions.TryAdd(names[i], i))
                throw new CurveFileException(source, 1, names[i], "the column appears twice in the header: keep one.");
        }
        foreach (var name in required)
        {
            if (!positions.ContainsKey(name))
                throw new CurveFileException(source, 1, name,
                    $"missing column: the header must name {string.Join(", ", required)} (found: {string.Join(", ", names)}).");
        }
        return new CsvColumns(source, positions, names.Length);
    }

    public bool Has(string column) => _positions.ContainsKey(column);

    /// <summary>Splits a data line, refusing one with fewer fields than the header.</summary>
    public string[] Fields(int line, string text)
    {
        var fields = text.Split(',');
        if (fields.Length < _width)
            throw new CurveFileException(Source, line, "row", $"the row has {fields.Length} fields but the header names {_width}: complete the row or delete it.");
        return fields;
    }

    /// <summary>A finite number from a required column.</summary>
    public double Finite(int line, string[] fields, string column)
    {
        var x = Parse(line, fields, column);
        if (!double.IsFinite(x))
            throw new CurveFileException(Source, line, column, $"'{Raw(fields, column)}' is not a finite number: every row needs a finite {column}; drop rows from diverged evaluations.");
        return x;
    }

    /// <summary>A positive finite number from a required column.</summary>
    public double Positive(int line, string[] fields, string column)
    {
        var x = Finite(line, fields, column);
        if (x <= 0) throw new CurveFileException(Source, line, column, $"{column} must be positive (got {Raw(fields, column)}).");
        return x;
    }

    /// <summary>A non-negative whole number from a required column.</summary>
    public long Whole(int line, string[] fields, string column)
    {
        var x = Finite(line, fields, column);
        if (x < 0 || x != Math.Floor(x) || x > long.MaxValue / 2)
            throw new CurveFileException(Source, line, column, $"'{Raw(fields, column)}' is not a non-negative whole number.");
        return (long)x;
    }

    /// <summary>A number from an optional column: NaN when the column is absent or the field empty.</summary>
    public double Optional(int line, string[] fields, string column) =>
        !Has(column) || Raw(fields, column).Length == 0 ? double.NaN : Parse(line, fields, column);

    /// <summary>A text field (surrounding quotes and spaces removed), e.g. a run's key.</summary>
    public string Text(string[] fields, string column) => Raw(fields, column);

    private double Parse(int line, string[] fields, string column)
    {
        var raw = Raw(fields, column);
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
            throw new CurveFileException(Source, line, column, $"'{raw}' is not a number (use invariant format such as 2.5 or 1e9).");
        return x;
    }

    private string Raw(string[] fields, string column) => fields[_positions[column]].Trim().Trim('"');
}
