using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Reports.Study;

/// <summary>Everything the report shows, computed by Science's analyses from a <see cref="StudyData"/>.</summary>
public sealed record StudyResults(
    StudyData Data,
    ExperimentAnalysis Comparison,
    IsoFlopResult? IsoFlop,
    ParametricLossFit? Fit,
    IReadOnlyList<LossObservation> FitObservations,
    IReadOnlyList<PlannerCheck> PlannerChecks,
    IReadOnlyList<string> Notes)
{
    /// <summary>Resamples and seed of every interval in the report (95%; docs/science.md says what each resamples).</summary>
    public const int Resamples = 200;
    public const int Seed = 1;

    public IReadOnlyList<IsoFlopBudgetIntervals>? IsoFlopIntervals { get; init; }
    public ParametricBootstrap? FitBootstrap { get; init; }

    /// <summary>The held-out check: the fit on the runs below the largest IsoFLOP budget (halfway to it) predicts the rest.</summary>
    public double? HoldoutAbove { get; init; }
    public IReadOnlyList<HoldoutRow>? Holdout { get; init; }

    public static StudyResults Compute(StudyData data)
    {
        var notes = new List<string>(data.Notes);
        var comparison = ExperimentAnalyzer.Analyze(data.Comparison);
        notes.AddRange(comparison.Notes);
        var isoFlop = Attempt(() => IsoFlopAnalysis.Compute(data.Profiles.SelectMany(p => p.Runs.Select(r => Observation(r, p.Budget))).ToList()),
            data.Profiles.Count > 0, "IsoFLOP parabolas", notes);
        var observations = ObservationsForFit(data);
        var fit = Attempt(() => ParametricFitAnalysis.Fit(observations), observations.Count > 0, "approach-3 fit", notes);
        // Each profile with its own budget's parabola: the fits are ordered by budget, the profiles by folder name.
        var checks = isoFlop is null ? [] : data.Profiles.Select(p => PlannerCheck.For(p, isoFlop.Budgets.First(b => b.Budget == p.Budget))).ToList();
        var isoFlopRuns = data.Profiles.SelectMany(p => p.Runs.Select(r => Observation(r, p.Budget))).ToList();
        var isoIntervals = isoFlop is null ? null : Attempt(() => IsoFlopBootstrap.Run(isoFlopRuns, Resamples, Seed), true, "IsoFLOP intervals", notes);
        var fitBootstrap = fit is null ? null : ParametricFitBootstrap.Run(observations, fit, Resamples, Seed);
        var above = LossPredictor.HoldoutThreshold(data.Profiles.Select(p => p.Budget));
        var holdout = above is { } threshold
            ? Attempt(() => LossPredictor.CheckHeldOut(observations, threshold, Resamples, Seed), observations.Count > 0, "held-out check", notes)
            : null;
        return new StudyResults(data, comparison, isoFlop, fit, observations, checks, notes)
        {
            IsoFlopIntervals = isoIntervals,
            FitBootstrap = fitBootstrap,
            HoldoutAbove = holdout is null ? null : above,
            Holdout = holdout,
        };
    }

    /// <summary>A run as one (N, D, final test loss) point; the final loss is the run's last evaluation.</summary>
    public static LossObservation Observation(FinishedRun run, double budget = double.NaN) =>
        new(run.Spec.Shape.Parameters, run.Spec.TotalTokens, run.Curve[^1].TestLoss, budget);

    /// <summary>
    /// The approach-3 fit's points: every IsoFLOP run plus the comparison's one-epoch runs without dropout, the runs
    /// that see each token once (M and dropout runs follow other laws).
    /// </summary>
    private static List<LossObservation> ObservationsForFit(StudyData data) =>
        data.Profiles.SelectMany(p => p.Runs).Concat(data.Comparison.Where(r => r.Spec.Epochs == 1 && r.Spec.Dropout == 0))
            .Select(r => Observation(r)).ToList();

    private static T? Attempt<T>(Func<T> analysis, bool hasInput, string what, List<string> notes) where T : class
    {
        if (!hasInput) return null;
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
