using System.Text;
using OrleansScaling.Reports.Figures;
using OrleansScaling.Reports.Study;
using OrleansScaling.Reports.Tables;
using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Reports;

/// <summary>What a report wrote: the PNG figures, the markdown tables file, what could not be computed, and the analyses.</summary>
public sealed record ReportOutput(IReadOnlyList<string> Figures, string Tables, IReadOnlyList<string> Notes, ExperimentAnalyses Analyses);

/// <summary>
/// Redraws a study's figures and tables from its saved CSVs, without training: Science's one analysis pipeline
/// (<see cref="AnalysisPipeline"/>, the same call and settings the experiment grain makes) over the exported runs, PNGs
/// drawn with ScottPlot, and one markdown file (tables.md) with every table, ready to paste into docs.
/// </summary>
public static class StudyReport
{
    public const string TablesFile = "tables.md";

    public static ReportOutput Write(string dataDirectory, string outDirectory)
    {
        var data = StudyData.Load(dataDirectory);
        var analyses = AnalysisPipeline.Analyze(data.Runs, AnalysisSettings.Default, leftOut: data.LeftOut);
        Directory.CreateDirectory(outDirectory);
        var figures = DrawFigures(data.Runs, analyses, outDirectory);
        var tables = Path.Combine(outDirectory, TablesFile);
        var notes = data.Notes.Concat(analyses.Notes ?? []).ToList();
        File.WriteAllText(tables, Tables(data.Runs, analyses, notes), new UTF8Encoding(false));
        return new ReportOutput(figures, tables, notes, analyses);
    }

    /// <summary>The runs of the paper's comparison: those in a speedup or dropout pair.</summary>
    public static IReadOnlyList<FinishedRun> ComparisonRuns(IReadOnlyList<FinishedRun> runs, ExperimentAnalyses analyses)
    {
        var keys = analyses.Speedups.SelectMany(s => new[] { s.SingleEpochKey, s.MultiEpochKey })
            .Concat((analyses.Dropout ?? []).SelectMany(d => new[] { d.DropoutKey, d.SingleEpochKey })).OfType<string>().ToHashSet();
        return runs.Where(r => keys.Contains(r.Key)).ToList();
    }

    private static List<string> DrawFigures(IReadOnlyList<FinishedRun> runs, ExperimentAnalyses analyses, string outDirectory)
    {
        var figures = new List<string>();
        var frontierCurves = FrontierStage.Curves(runs);
        // One learning-curve figure per size: its longest one-epoch run and the regimes trained as long beside it.
        foreach (var longest in frontierCurves)
            figures.Add(LearningCurvesFigure.Draw(runs.Where(r => r.Spec.Shape == longest.Spec.Shape && r.Spec.Iterations == longest.Spec.Iterations
                && r.Spec.TokensPerIteration == longest.Spec.TokensPerIteration).ToList(), analyses.PowerLaws, outDirectory));
        if (frontierCurves.Count > 0) figures.Add(FlopsFrontierFigure.Draw(frontierCurves, analyses.Frontier, outDirectory));
        if (analyses.IsoFlop is { Count: > 0 } isoFlop) figures.Add(IsoFlopFigure.Draw(isoFlop, outDirectory));
        return figures;
    }

    public static string Tables(IReadOnlyList<FinishedRun> runs, ExperimentAnalyses analyses, IReadOnlyList<string> notes)
    {
        var settings = analyses.Settings ?? AnalysisSettings.Default;
        var text = new StringBuilder("<!-- Written by `osc report`; regenerate it instead of editing. Losses in nats per token. -->\n");
        text.Append($"\nIntervals are 95%, from {settings.Resamples} bootstrap resamples (seed {settings.Seed}) unless the method says otherwise; " +
                    "beside each, what it rests on (seeds, runs or evaluations). docs/science.md says what each analysis resamples and how well it covers.\n");
        Section(text, "Runs", ComparisonTables.Runs(runs));
        var comparison = ComparisonRuns(runs, analyses);
        if (analyses.Speedups.Count > 0)
        {
            Section(text, "Table 2 analog: speedup of S over M, per size", ComparisonTables.SpeedupSummary(analyses, comparison));
            Section(text, "Table 2 analog: every speedup (S vs M and SD vs MD, per seed)", ComparisonTables.Speedups(analyses, comparison));
        }
        if (analyses.Dropout is { Count: > 0 } dropout)
            Section(text, "Dropout on the one-epoch curve (SD against S)", ComparisonTables.Dropout(dropout));
        if (analyses.PowerLaws.Count > 0)
            Section(text, "Power laws of test loss against iterations", ComparisonTables.PowerLaws(analyses));
        if (analyses.Frontier is { } frontier) Section(text, "Table 3 analog: compute-efficient frontier", ScalingTables.Frontier(frontier));
        if (analyses.IsoFlop is { Count: > 0 } isoFlop)
            Section(text, "IsoFLOP profiles (Chinchilla approach 2)", ScalingTables.IsoFlop(isoFlop, analyses.IsoFlopTrend));
        if (analyses.PlannerChecks is { Count: > 0 } checks)
            Section(text, "The planner checked at each IsoFLOP budget", ScalingTables.Planner(checks));
        if (analyses.ComputeOptimal is { } line)
            Section(text, "Parametric fit (Chinchilla approach 3)", ScalingTables.Fit(line));
        if (analyses.Holdout is { } holdout)
            Section(text, "Held-out check of the parametric fit", ScalingTables.Holdout(holdout));
        if (notes.Count > 0) Section(text, "Not computed", string.Concat(notes.Select(n => $"- {n}\n")));
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, string body) => text.Append("\n### ").Append(title).Append("\n\n").Append(body);
}
