using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Cli.Commands;

/// <summary>Writes export files under one folder and remembers their paths.</summary>
internal sealed class ExportWriter(string directory, string format, CancellationToken cancellationToken)
{
    private readonly List<string> _files = [];

    public IReadOnlyList<string> Files => _files;

    public async Task Write(string relativePath, string content)
    {
        var path = Path.Combine(directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content.EndsWith('\n') ? content : content + "\n", cancellationToken);
        _files.Add(path);
    }

    /// <summary>curves/KEY.csv or .json: keys are unique within a sweep and say what the run is (d128-L4-S-seed1).</summary>
    public Task Curve(RunView run, IReadOnlyList<CurvePoint> points) =>
        Write(Path.Combine("curves", SafeName(run.Key) + "." + format), format == "csv" ? CurveCsv.ToCsv(points) : Json.Serialize(points));

    private static string SafeName(string key) =>
        string.Concat(key.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '(' or ')' or '=' ? c : '_'));
}
