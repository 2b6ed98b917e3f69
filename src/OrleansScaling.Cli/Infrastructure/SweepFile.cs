using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>
/// Reads a sweep file: the JSON of <see cref="SweepRequest"/>, camelCase, enums as strings (docs/cli.md).
/// Every error names the JSON field and says what it accepts, so the file can be fixed without reading code.
/// </summary>
public static class SweepFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>The fields a sweep file may set, by their JSON name, with the type each expects.</summary>
    public static IReadOnlyDictionary<string, ParameterInfo> Fields { get; } =
        typeof(SweepRequest).GetConstructors().Single().GetParameters()
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!), StringComparer.Ordinal);

    public static async Task<SweepRequest> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw CliException.BadInput($"sweep file '{path}' does not exist; pass a JSON file (see examples/sweeps/) or --preset NAME.");
        return Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    public static SweepRequest Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw CliException.BadInput($"{source} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }
        using (document)
        {
            CheckFieldNames(document.RootElement, source);
        }
        try
        {
            return JsonSerializer.Deserialize<SweepRequest>(json, Options)
                   ?? throw CliException.BadInput($"{source} holds null; write a JSON object such as {{\"name\": \"tiny\", \"kind\": \"recipe\", ...}}.");
        }
        catch (JsonException e)
        {
            throw CliException.BadInput(DescribeValueError(e, source));
        }
    }

    private static void CheckFieldNames(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw CliException.BadInput($"{source} must hold a JSON object of sweep fields (got {root.ValueKind.ToString().ToLowerInvariant()}); see docs/cli.md.");
        foreach (var property in root.EnumerateObject())
        {
            if (Fields.ContainsKey(property.Name)) continue;
            var suggestion = Closest(property.Name);
            throw CliException.BadInput($"{source}: unknown field \"{property.Name}\"" +
                (suggestion is null ? "" : $"; did you mean \"{suggestion}\"?") +
                $" Fields: {string.Join(", ", Fields.Keys)}.");
        }
        foreach (var (name, parameter) in Fields)
        {
            if (parameter.HasDefaultValue || root.TryGetProperty(name, out _)) continue;
            throw CliException.BadInput($"{source}: field \"{name}\" is required; add it, e.g. \"{name}\": {Example(parameter.ParameterType)}.");
        }
    }

    private static string DescribeValueError(JsonException e, string source)
    {
        var field = e.Path is { Length: > 2 } path ? path[2..].Split('[', '.')[0] : null;
        if (field is null || !Fields.TryGetValue(field, out var parameter))
            return $"{source}: {FirstSentence(e.Message)}";
        return $"{source}: field \"{field}\" (at {e.Path}) must be {Expected(parameter.ParameterType)}.";
    }

    /// <summary>What a field accepts, in the words of the file format.</summary>
    public static string Expected(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(inner).Select(n => $"\"{JsonNamingPolicy.CamelCase.ConvertName(n)}\""));
        if (inner == typeof(int)) return "a whole number such as 16";
        if (inner == typeof(double)) return "a number such as 1e6";
        if (inner == typeof(string)) return "a string";
        if (inner.IsGenericType && inner.GetGenericArguments()[0] == typeof(int)) return "an array of whole numbers such as [128, 256]";
        return "a value of type " + inner.Name;
    }

    private static string Example(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner.IsEnum ? $"\"{JsonNamingPolicy.CamelCase.ConvertName(Enum.GetNames(inner)[0])}\"" : inner == typeof(string) ? "\"my-sweep\"" : "1";
    }

    private static string? Closest(string name)
    {
        var best = Fields.Keys.MinBy(k => EditDistance(k.ToLowerInvariant(), name.ToLowerInvariant()))!;
        return EditDistance(best.ToLowerInvariant(), name.ToLowerInvariant()) <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.') + ".";
}
