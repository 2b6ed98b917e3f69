using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansScaling.Science.Runs;

/// <summary>
/// A sweep request refused by <see cref="SweepRequestJson.Read"/>: <see cref="ArgumentException.ParamName"/> is the
/// JSON field ("request" for the body as a whole), the message says what is wrong and how to fix it, in one line.
/// </summary>
public sealed class SweepRequestJsonException(string message, string field) : ArgumentException(message, field)
{
    /// <summary>The message alone, without the "(Parameter '…')" suffix: it names the field itself.</summary>
    public override string Message => base.Message.Split(" (Parameter '")[0];
}

/// <summary>
/// The one reader of a sweep request's JSON, for sweep files (`osc sweep launch FILE.json`) and the body of
/// POST /api/sweeps alike: camelCase field names, enums as camelCase strings, `//` comments and trailing commas
/// allowed. Strict: an unknown or misspelt field, a field given twice, an enum given as a number, a control character
/// in a string and a document over <see cref="MaxBytes"/> are refused, each naming the field and the fix.
/// </summary>
public static class SweepRequestJson
{
    /// <summary>The media type a sweep request is sent as.</summary>
    public const string MediaType = "application/json";

    /// <summary>The largest sweep request accepted (1 MiB); a real one is well under a kilobyte.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>What an <see cref="ArgumentException"/> names when the fault is the document, not one field.</summary>
    public const string WholeRequest = "request";

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly JsonSerializerOptions WriteOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The fields a sweep request may set, by their JSON name, with the type each expects.</summary>
    public static IReadOnlyDictionary<string, ParameterInfo> Fields { get; } =
        typeof(SweepRequest).GetConstructors().Single().GetParameters()
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!), StringComparer.Ordinal);

    /// <summary>
    /// Reads a sweep request, or throws a <see cref="SweepRequestJsonException"/> naming the field (or "request") and
    /// the fix. Only the JSON is checked here; <c>SweepRequestValidation</c> checks the values.
    /// </summary>
    public static SweepRequest Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes)
            throw Refuse(WholeRequest, $"the sweep request is {Encoding.UTF8.GetByteCount(json):N0} bytes, more than the {MaxBytes:N0} (1 MiB) " +
                "a sweep request may have; a sweep request is a few hundred bytes of fields (docs/cli.md).");
        if (string.IsNullOrWhiteSpace(json))
            throw Refuse(WholeRequest, "the sweep request is empty: write a JSON object such as {\"name\": \"tiny\", \"kind\": \"recipe\", \"p0\": 1e6, \"t0\": 5e6}.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw Refuse(WholeRequest, $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }
        using (document)
        {
            CheckShape(document.RootElement);
        }
        try
        {
            return JsonSerializer.Deserialize<SweepRequest>(json, ReadOptions)
                   ?? throw Refuse(WholeRequest, "the sweep request is null; write a JSON object such as {\"name\": \"tiny\", \"kind\": \"recipe\", ...}.");
        }
        catch (JsonException e)
        {
            throw DescribeValueError(e);
        }
    }

    /// <summary>The JSON <see cref="Read"/> reads back to <paramref name="request"/> (unset fields left out).</summary>
    public static string Write(SweepRequest request) => JsonSerializer.Serialize(request, WriteOptions);

    /// <summary>What a field accepts, in the words of the format.</summary>
    public static string Expected(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner.IsEnum) return "one of " + string.Join(", ", EnumNames(inner).Select(n => $"\"{n}\""));
        if (inner == typeof(int)) return "a whole number such as 16";
        if (inner == typeof(double)) return "a number such as 1e6";
        if (inner == typeof(string)) return "a string";
        if (inner == typeof(bool)) return "true or false";
        if (inner == typeof(Analysis.Stopping.EarlyStoppingSettings))
            return "an object {\"policy\": \"frontier\", \"minFraction\": 0.3} (both fields optional, no others)";
        if (inner.IsGenericType && inner.GetGenericArguments()[0] == typeof(int)) return "an array of whole numbers such as [128, 256]";
        if (inner.IsGenericType && inner.GetGenericArguments()[0] == typeof(double)) return "an array of numbers such as [1e15, 2e15, 4e15]";
        return "a value of type " + inner.Name;
    }

    /// <summary>The document's own shape: an object of known fields, each once, enums as strings, no control characters.</summary>
    private static void CheckShape(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Refuse(WholeRequest, $"a sweep request must hold a JSON object of sweep fields (got {root.ValueKind.ToString().ToLowerInvariant()}), " +
                "e.g. {\"name\": \"tiny\", \"kind\": \"recipe\", \"p0\": 1e6, \"t0\": 5e6}; docs/cli.md and docs/api.md list the fields.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!Fields.TryGetValue(property.Name, out var parameter))
            {
                var suggestion = Closest(property.Name);
                throw Refuse(ControlCharacter(property.Name) is null ? property.Name : WholeRequest,
                    $"unknown field \"{Printable(property.Name)}\"" + (suggestion is null ? "" : $"; did you mean \"{suggestion}\"?") +
                    $" Fields: {string.Join(", ", Fields.Keys)}.");
            }
            if (!seen.Add(property.Name))
                throw Refuse(property.Name, $"field \"{property.Name}\" is given twice; give each field once (the first would be silently overwritten).");
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (type.IsEnum && property.Value.ValueKind == JsonValueKind.Number)
                throw Refuse(property.Name, $"field \"{property.Name}\" must be {Expected(type)}, as a string (got the number {property.Value.GetRawText()}).");
            CheckStrings(property.Name, property.Value);
        }
        foreach (var (name, parameter) in Fields)
        {
            if (parameter.HasDefaultValue || seen.Contains(name)) continue;
            throw Refuse(name, $"field \"{name}\" is required; add it, e.g. \"{name}\": {Example(parameter.ParameterType)}.");
        }
    }

    private static void CheckStrings(string field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject()) CheckStrings(field, property.Value);
            return;
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray()) CheckStrings(field, item);
            return;
        }
        if (value.ValueKind != JsonValueKind.String) return;
        var text = value.GetString()!;
        if (ControlCharacter(text) is { } at)
            throw Refuse(field, $"field \"{field}\" holds a control character (U+{(int)text[at]:X4} at character {at + 1}); " +
                "remove it: names, corpora and the other strings of a sweep request are printable text.");
    }

    /// <summary>The index of the first control character (C0, DEL or C1) in <paramref name="text"/>, or null.</summary>
    public static int? ControlCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (char.IsControl(text[i])) return i;
        return null;
    }

    private static SweepRequestJsonException DescribeValueError(JsonException e)
    {
        var field = e.Path is { Length: > 2 } path ? path[2..].Split('[', '.')[0] : null;
        if (field is null || !Fields.TryGetValue(field, out var parameter))
            return Refuse(field is { Length: > 0 } ? field : WholeRequest, FirstSentence(e.Message));
        return Refuse(field, $"field \"{field}\" (at {e.Path}) must be {Expected(parameter.ParameterType)}.");
    }

    private static SweepRequestJsonException Refuse(string field, string message) => new(message, field);

    private static IEnumerable<string> EnumNames(Type type) => Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName);

    private static string Example(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner.IsEnum ? $"\"{EnumNames(inner).First()}\"" : inner == typeof(string) ? "\"my-sweep\"" : "1";
    }

    /// <summary>A name as it may be printed: control characters as \uXXXX, at most 64 characters.</summary>
    internal static string Printable(string text) =>
        string.Concat(text.Take(64).Select(c => char.IsControl(c) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString()))
        + (text.Length > 64 ? "…" : "");

    private static string? Closest(string name)
    {
        if (name.Length > 64) return null;
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
