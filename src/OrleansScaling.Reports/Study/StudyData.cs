using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Reports.Study;

/// <summary>
/// The runs of a study on disk: either one export (`osc export ID --format csv --out DIR`: DIR/runs.csv and
/// DIR/curves/), or a folder of exports, one per subfolder (e.g. comparison/ with the paper comparison and isoflop-*/
/// with one IsoFLOP sweep each), pooled. Each export is a source of its own: IsoFLOP budgets are grouped within it.
/// LeftOut: its diverged runs, which the analyses name in their notes.
/// </summary>
public sealed record StudyData(IReadOnlyList<FinishedRun> Runs, IReadOnlyList<string> Notes, IReadOnlyList<LeftOutRun> LeftOut)
{
    public const string RunsFile = "runs.csv";

    public static StudyData Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new ArgumentException($"study folder '{directory}' does not exist: give an export folder (runs.csv, curves/) or a folder of them.", "data");
        var notes = new List<string>();
        var leftOut = new List<LeftOutRun>();
        var exports = File.Exists(Path.Combine(directory, RunsFile))
            ? [directory]
            : Directory.GetDirectories(directory).Where(d => File.Exists(Path.Combine(d, RunsFile))).Order(StringComparer.Ordinal).ToList();
        var runs = exports.SelectMany(d => ExportedRuns.Read(d, notes, leftOut).Select(r => r with { Source = Path.GetFileName(Path.TrimEndingDirectorySeparator(d)) })).ToList();
        if (runs.Count == 0)
            throw new ArgumentException($"'{directory}' holds no export with succeeded runs (runs.csv and curves/, or subfolders with them): nothing to report.", "data");
        return new StudyData(runs, notes, leftOut);
    }
}
