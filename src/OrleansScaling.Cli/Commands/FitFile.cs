using System.Text.Json;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Cli.Commands;

/// <summary>
/// A fit as `osc analyze fit --bootstrap N --json` wrote it, read back as a <see cref="LossModel"/> for predictions
/// (`osc predict`, `osc plan --fit`): the point fit, its bootstrap samples and the run scatter.
/// </summary>
internal static class FitFile
{
    public static LossModel Read(string path)
    {
        if (!File.Exists(path))
            throw CliException.BadInput($"--fit {path} does not exist: write one with `osc analyze fit --points RUNS.csv --bootstrap 200 --json > FIT.json`.");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var fit = new ParametricLossFit(Number(root, "e"), Number(root, "a"), Number(root, "alpha"), Number(root, "b"), Number(root, "beta"), 0, 0, 0);
            if (!root.TryGetProperty("samples", out var samples) || samples.ValueKind != JsonValueKind.Array || samples.GetArrayLength() == 0)
                throw CliException.BadInput($"--fit {path} has no bootstrap samples, so no interval: write it with `osc analyze fit ... --bootstrap 200 --json`.");
            var list = samples.EnumerateArray().Select(s =>
            {
                var v = s.EnumerateArray().Select(x => x.GetDouble()).ToArray();
                return v.Length == 5 ? new ParametricLossFit(v[0], v[1], v[2], v[3], v[4], 0, 0, 0) : throw new FormatException("a sample is not [e, a, alpha, b, beta]");
            }).ToList();
            var scatter = root.TryGetProperty("runScatter", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
            return new LossModel(fit, list, scatter);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw CliException.BadInput($"--fit {path} is not the JSON of `osc analyze fit --bootstrap N --json` ({e.Message}): write it with that command.");
        }
    }

    private static double Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new KeyNotFoundException($"no number '{name}'");
}
