using System.Globalization;

namespace OrleansScaling.Dashboard.Sweeps;

/// <summary>Parses form text into numbers, collecting one clear error per field instead of throwing.</summary>
internal sealed class FieldParser
{
    public Dictionary<string, string[]> Errors { get; } = [];

    public double Double(string field, string text) => OptionalDouble(field, text) ?? Fail<double>(field, "Enter a number, e.g. 5 or 1e6.");

    public double? OptionalDouble(string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        return Fail<double?>(field, $"'{text}' is not a number; write e.g. 5, 0.1 or 1e6.");
    }

    public int Int(string field, string text) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : Fail<int>(field, $"'{text}' is not a whole number; write e.g. 16.");

    /// <summary>"128, 256" → [128, 256]; blank → null (the planner's default).</summary>
    public IReadOnlyList<int>? IntList(string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        var values = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                return Fail<IReadOnlyList<int>?>(field, $"'{part}' is not a whole number; write a comma-separated list of whole numbers, e.g. 1, 2.");
            values.Add(value);
        }
        return values;
    }

    /// <summary>"1e15, 2e15" → [1e15, 2e15]; blank → null.</summary>
    public IReadOnlyList<double>? DoubleList(string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var values = new List<double>();
        foreach (var part in text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return Fail<IReadOnlyList<double>?>(field, $"'{part}' is not a number; write a comma-separated list of numbers, e.g. 1e15, 2e15, 4e15.");
            values.Add(value);
        }
        return values;
    }

    private T Fail<T>(string field, string message)
    {
        Errors[field] = [message];
        return default!;
    }
}
