using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Analysis;

/// <summary>A finished run of an experiment: its id and key in the sweep, what it was, and its learning curve.</summary>
public sealed record FinishedRun(string RunId, string Key, RunSpec Spec, IReadOnlyList<CurvePoint> Curve);

/// <summary>One cell of the Table 2 analog: S against M(E), or SD against MD(E), for one size and seed.</summary>
public sealed record SpeedupEntry(int DModel, long Params, int Epochs, double Dropout, int Seed, string SingleEpochKey, string MultiEpochKey, SpeedupResult Result);

/// <summary>A power-law fit of one run's test loss against iterations.</summary>
public sealed record PowerLawEntry(string RunId, string Key, PowerLawFit Fit);

/// <summary>What an experiment's finished runs show; Notes say what could not be computed yet and why.</summary>
public sealed record ExperimentAnalysis(
    IReadOnlyList<SpeedupEntry> Speedups,
    IReadOnlyList<PowerLawEntry> PowerLaws,
    FrontierResult? Frontier,
    IReadOnlyList<string> Notes);

/// <summary>
/// The paper's analyses over an experiment's finished runs: speedups (each M(E)/MD(E) against the S/SD run of the
/// same size, depth and seed), a power-law fit per run, and the frontier over the one-epoch, no-dropout runs of
/// different sizes (the lowest seed of each size). Pure: the experiment grain calls it whenever a run finishes.
/// A run whose curve cannot be analyzed yet is left out with a note, never failing the rest.
/// </summary>
public static class ExperimentAnalyzer
{
    public static ExperimentAnalysis Analyze(IReadOnlyList<FinishedRun> runs)
    {
        var notes = new List<string>();
        return new ExperimentAnalysis(Speedups(runs, notes), PowerLaws(runs, notes), Frontier(runs, notes), notes);
    }

    private static List<SpeedupEntry> Speedups(IReadOnlyList<FinishedRun> runs, List<string> notes)
    {
        var entries = new List<SpeedupEntry>();
        foreach (var multi in runs.Where(r => r.Spec.Epochs > 1).OrderBy(r => r.Spec.Shape.Parameters).ThenBy(r => r.Spec.Seed).ThenByDescending(r => r.Spec.Epochs).ThenBy(r => r.Spec.Dropout))
        {
            var single = runs.FirstOrDefault(r => r.Spec.Epochs == 1 && r.Spec.Shape == multi.Spec.Shape && r.Spec.Seed == multi.Spec.Seed && r.Spec.Dropout == multi.Spec.Dropout);
            if (single is null) continue;
            var result = Attempt(() => SpeedupAnalysis.Compute(single.Curve, multi.Curve), $"speedup {single.Key} vs {multi.Key}", notes);
            if (result is not null)
                entries.Add(new SpeedupEntry(multi.Spec.Shape.DModel, multi.Spec.Shape.Parameters, multi.Spec.Epochs, multi.Spec.Dropout, multi.Spec.Seed, single.Key, multi.Key, result));
        }
        return entries;
    }

    private static List<PowerLawEntry> PowerLaws(IReadOnlyList<FinishedRun> runs, List<string> notes) =>
        runs.Select(run => (run, fit: Attempt(() => PowerLawAnalysis.Fit(run.Curve), $"power law of {run.Key}", notes)))
            .Where(x => x.fit is not null)
            .Select(x => new PowerLawEntry(x.run.RunId, x.run.Key, x.fit!))
            .ToList();

    private static FrontierResult? Frontier(IReadOnlyList<FinishedRun> runs, List<string> notes)
    {
        var perSize = runs.Where(r => r.Spec.Epochs == 1 && r.Spec.Dropout == 0)
            .GroupBy(r => r.Spec.Shape.Parameters)
            .Select(g => g.MinBy(r => r.Spec.Seed)!)
            .ToList();
        if (perSize.Count < 2) return null;
        var tokensPerIteration = perSize.Select(r => r.Spec.TokensPerIteration).Distinct().ToList();
        if (tokensPerIteration.Count > 1)
        {
            notes.Add($"frontier: the S runs use different tokens per iteration ({string.Join(", ", tokensPerIteration)}), so their iterations are not comparable; not computed.");
            return null;
        }
        return Attempt(() => FrontierAnalysis.Compute(perSize.Select(r => new FrontierCurve(r.Spec.Shape.Parameters, r.Curve)).ToList(), tokensPerIteration[0]), "frontier", notes);
    }

    /// <summary>Runs one analysis; bad input (a curve too short, NaN losses) becomes a note naming what was skipped.</summary>
    internal static T? Attempt<T>(Func<T> analysis, string what, List<string> notes) where T : class
    {
        try
        {
            return analysis();
        }
        catch (ArgumentException e)
        {
            notes.Add($"{what}: not computed: {e.Message}");
            return null;
        }
    }
}
