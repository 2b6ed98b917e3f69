using System.Text;
using OrleansScaling.Reports.Figures;
using OrleansScaling.Reports.Study;
using OrleansScaling.Reports.Tables;

namespace OrleansScaling.Reports;

/// <summary>What a report wrote: the PNG figures, the markdown tables file, and what could not be computed.</summary>
public sealed record ReportOutput(IReadOnlyList<string> Figures, string Tables, IReadOnlyList<string> Notes);

/// <summary>
/// Redraws a study's figures and tables from its saved CSVs, without training: Science's analyses on the exported
/// curves, PNGs drawn with ScottPlot, and one markdown file (tables.md) with every table, ready to paste into docs.
/// </summary>
public static class StudyReport
{
    public const string TablesFile = "tables.md";

    public static ReportOutput Write(string dataDirectory, string outDirectory)
    {
        var results = StudyResults.Compute(StudyData.Load(dataDirectory));
        Directory.CreateDirectory(outDirectory);
        var figures = DrawFigures(results, outDirectory);
        var tables = Path.Combine(outDirectory, TablesFile);
        File.WriteAllText(tables, Tables(results), new UTF8Encoding(false));
        return new ReportOutput(figures, tables, results.Notes);
    }

    private static List<string> DrawFigures(StudyResults results, string outDirectory)
    {
        var figures = new List<string>();
        var comparison = results.Data.Comparison;
        foreach (var size in comparison.GroupBy(r => r.Spec.Shape).OrderBy(g => g.Key.Parameters))
            figures.Add(LearningCurvesFigure.Draw(size.ToList(), results.Comparison.PowerLaws, outDirectory));
        var singleEpoch = comparison.Where(r => r.Spec.Epochs == 1 && r.Spec.Dropout == 0).GroupBy(r => r.Spec.Shape.Parameters).Select(g => g.MinBy(r => r.Spec.Seed)!).ToList();
        if (singleEpoch.Count > 0) figures.Add(FlopsFrontierFigure.Draw(singleEpoch, results.Comparison.Frontier, outDirectory));
        if (results.IsoFlop is { } isoFlop) figures.Add(IsoFlopFigure.Draw(results.Data.Profiles, isoFlop, outDirectory, results.IsoFlopIntervals));
        return figures;
    }

    public static string Tables(StudyResults results)
    {
        var text = new StringBuilder("<!-- Written by `osc report`; regenerate it instead of editing. Losses in nats per token. -->\n");
        text.Append($"\nIntervals are 95%, from {StudyResults.Resamples} bootstrap resamples (seed {StudyResults.Seed}; docs/science.md says what each analysis resamples).\n");
        var runs = results.Data.Comparison;
        if (runs.Count > 0)
        {
            Section(text, "Runs", ComparisonTables.Runs(runs));
            Section(text, "Table 2 analog: speedup of S over M, per size", ComparisonTables.SpeedupSummary(results.Comparison, runs));
            Section(text, "Table 2 analog: every speedup (S vs M and SD vs MD, per seed)", ComparisonTables.Speedups(results.Comparison, runs));
            if (runs.Any(r => r.Spec.Epochs == 1 && r.Spec.Dropout > 0))
                Section(text, "Dropout on the one-epoch curve (SD against S)", ComparisonTables.Dropout(runs));
            Section(text, "Power laws of test loss against iterations", ComparisonTables.PowerLaws(results.Comparison, runs));
        }
        if (results.Comparison.Frontier is { } frontier) Section(text, "Table 3 analog: compute-efficient frontier", ScalingTables.Frontier(frontier));
        if (results.IsoFlop is { } isoFlop)
        {
            Section(text, "IsoFLOP profiles (Chinchilla approach 2)", ScalingTables.IsoFlop(isoFlop, results.IsoFlopIntervals));
            Section(text, "The planner checked at each IsoFLOP budget", ScalingTables.Planner(results.PlannerChecks));
        }
        if (results.Fit is { } fit)
            Section(text, "Parametric fit (Chinchilla approach 3)", ScalingTables.Fit(fit, results.FitObservations, results.Data.Profiles.Select(p => p.Budget).ToList(), results.FitBootstrap));
        if (results is { Holdout: { } holdout, HoldoutAbove: { } above })
            Section(text, "Held-out check of the parametric fit", ScalingTables.Holdout(above, holdout));
        if (results.Notes.Count > 0) Section(text, "Not computed", string.Concat(results.Notes.Select(n => $"- {n}\n")));
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, string body) => text.Append("\n### ").Append(title).Append("\n\n").Append(body);
}
