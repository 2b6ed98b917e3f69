using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Reports.Study;

/// <summary>One IsoFLOP profile: the runs of one exported IsoFLOP experiment and its budget C = 6·P·T (FLOPs).</summary>
public sealed record IsoFlopProfile(string Name, double Budget, IReadOnlyList<FinishedRun> Runs);

/// <summary>
/// A study on disk: each DIR/comparison*/ holds the export of a paper-comparison sweep (S, SD, M(E), MD(E) per size;
/// e.g. one folder per seed, pooled) and each DIR/isoflop-*/ the export of one IsoFLOP sweep. Either part may be
/// missing; the report says what it lacks.
/// </summary>
public sealed record StudyData(IReadOnlyList<FinishedRun> Comparison, IReadOnlyList<IsoFlopProfile> Profiles, IReadOnlyList<string> Notes)
{
    public const string ComparisonFolder = "comparison";
    public const string IsoFlopPrefix = "isoflop";

    public static StudyData Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new ArgumentException($"study folder '{directory}' does not exist: give the folder holding comparison*/ and isoflop-*/ exports.", "data");
        var notes = new List<string>();
        var comparison = Directory.GetDirectories(directory, ComparisonFolder + "*").Order(StringComparer.Ordinal)
            .SelectMany(d => ExportedRuns.Read(d, notes)).ToList();
        var profiles = Directory.GetDirectories(directory, IsoFlopPrefix + "*").Order(StringComparer.Ordinal)
            .Select(d => Profile(d, notes)).Where(p => p.Runs.Count > 0).ToList();
        if (comparison.Count == 0 && profiles.Count == 0)
            throw new ArgumentException($"'{directory}' holds neither {ComparisonFolder}*/runs.csv nor {IsoFlopPrefix}-*/runs.csv with succeeded runs: nothing to report.", "data");
        return new StudyData(comparison, profiles, notes);
    }

    private static IsoFlopProfile Profile(string directory, List<string> notes)
    {
        var runs = ExportedRuns.Read(directory, notes);
        // The runs of a profile share P·T up to the planner's budget tolerance: their geometric mean is the budget.
        var budget = runs.Count == 0 ? double.NaN : 6 * Math.Exp(runs.Average(r => Math.Log((double)r.Spec.Shape.Parameters * r.Spec.TotalTokens)));
        return new IsoFlopProfile(Path.GetFileName(directory), budget, runs);
    }
}
