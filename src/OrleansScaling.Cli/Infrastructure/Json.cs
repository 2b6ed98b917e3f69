using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>The one JSON style of every `--json` output: camelCase, enums as strings, indented.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
