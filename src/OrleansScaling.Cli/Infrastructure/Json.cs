using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>The one JSON style of every `--json` output: camelCase, enums as strings, indented, NaN and ±∞ as the
/// named literals "NaN", "Infinity", "-Infinity" (a diverged run's losses, an open interval) rather than an exception.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A number as a JSON node written with <see cref="Options"/>: NaN and ±∞ become the named literals
    /// (a bare <c>JsonValue.Create(double)</c> would not follow the options' number handling).</summary>
    public static System.Text.Json.Nodes.JsonNode? Number(double value) => JsonSerializer.SerializeToNode(value, Options);
}
