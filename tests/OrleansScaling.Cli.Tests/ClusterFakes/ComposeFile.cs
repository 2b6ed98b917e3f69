using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>docker-compose.yml read as plain maps, with YAML anchors and `&lt;&lt;` merge keys applied as Compose does.</summary>
public sealed class ComposeFile
{
    public IReadOnlyDictionary<string, object?> Root { get; }

    private ComposeFile(IReadOnlyDictionary<string, object?> root) => Root = root;

    public static ComposeFile Load(string path)
    {
        using var reader = new StreamReader(path);
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(new MergingParser(new Parser(reader)));
        return new ComposeFile(Map(root));
    }

    public IReadOnlyDictionary<string, object?> Services => Map(Root["services"]);

    public IReadOnlyDictionary<string, object?> Service(string name) => Map(Services[name]);

    /// <summary>A service's environment as KEY → value (Compose allows a map or a list of KEY=value).</summary>
    public IReadOnlyDictionary<string, string> Environment(string service) =>
        Service(service).GetValueOrDefault("environment") switch
        {
            null => new Dictionary<string, string>(),
            List<object?> list => list.Select(e => e!.ToString()!.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""),
            var map => Map(map).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? ""),
        };

    public static IReadOnlyDictionary<string, object?> Map(object? node) =>
        ((Dictionary<object, object?>)node!).ToDictionary(kv => kv.Key.ToString()!, kv => kv.Value);

    public static object? At(object? node, params string[] path) =>
        path.Aggregate(node, (current, key) => current is Dictionary<object, object?> map ? map.GetValueOrDefault(key) : null);
}
