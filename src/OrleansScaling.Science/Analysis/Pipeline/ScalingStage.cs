using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis;

/// <summary>What the scaling runs say about compute: IsoFLOP parabolas, their trend, the planner checks, the parametric fit.</summary>
internal sealed record ScalingResult(
    IReadOnlyList<IsoFlopParabola> IsoFlop,
    IsoFlopTrend? Trend,
    IReadOnlyList<PlannerCheck> PlannerChecks,
    ComputeOptimalLine? ComputeOptimal,
    HeldOutCheck? Holdout,
    bool FitsPending);

/// <summary>
/// The compute-scaling analyses over the scaling runs (<see cref="Runs.RunSpec.IsScalingPoint"/> with a usable final
/// loss; each run one point: params, tokens, final test loss), grouped into budgets by <see cref="ComputeBudgets"/>: an
/// IsoFLOP parabola for each budget with runs of <see cref="AnalysisSettings.MinimumIsoFlopSizes"/> sizes or more, the
/// planner checked there, the trend of the optima with two parabolas or more; and, with at least
/// <see cref="AnalysisSettings.MinimumFitRuns"/> points at two budgets or more, the parametric fit's compute-optimal line
/// and the held-out check (the largest IsoFLOP budget held out). The fits take seconds of CPU: only with settings.Fits.
/// </summary>
internal static class ScalingStage
{
    public static ScalingResult Compute(IReadOnlyList<FinishedRun> runs, AnalysisSettings settings, AnalysisNotes notes)
    {
        var scaling = runs.Where(r => r.Spec.IsScalingPoint).ToList();
        foreach (var run in scaling.Where(r => !r.HasUsableFinalLoss))
            notes.Add($"scaling fits: {run.Key} left out: its final test loss is {run.FinalLoss}, not a positive finite number.");
        var groups = Budgets(scaling.Where(r => r.HasUsableFinalLoss));
        var points = groups.SelectMany(g => g.Points).ToList();
        var budgets = groups.Select(g => g.Budget).Distinct().Order().ToList();

        var parabolas = new List<IsoFlopParabola>();
        var checks = new List<PlannerCheck>();
        foreach (var (budget, members, observations) in groups)
        {
            if (observations.Select(p => p.Params).Distinct().Count() < AnalysisSettings.MinimumIsoFlopSizes) continue;
            var parabola = notes.Attempt(() => Parabola(observations, settings), $"IsoFLOP parabola at {budget:G3} FLOPs");
            if (parabola is null) continue;
            parabolas.Add(parabola);
            var check = notes.Attempt(() => PlannerCheck.For(parabola.Fit, members), $"planner check at {budget:G3} FLOPs");
            if (check is not null) checks.Add(check);
        }
        var trend = Trend(parabolas);

        if (budgets.Count < 2) return new ScalingResult(parabolas, trend, checks, null, null, false);
        if (points.Count < AnalysisSettings.MinimumFitRuns)
        {
            notes.Add($"parametric fit and held-out check: the fit needs {AnalysisSettings.MinimumFitRuns} one-epoch runs without dropout; {points.Count} have succeeded.");
            return new ScalingResult(parabolas, trend, checks, null, null, false);
        }
        if (!settings.Fits)
        {
            notes.Add("parametric fit and held-out check: computed once every run has finished.");
            return new ScalingResult(parabolas, trend, checks, null, null, true);
        }
        var line = notes.Attempt(() => Line(points, budgets, settings), "parametric fit");
        // Hold out the largest IsoFLOP budget when there are two or more, else the largest budget.
        var heldBudgets = parabolas.Count >= 2 ? parabolas.Select(p => p.Fit.Budget).ToList() : budgets;
        var above = LossPredictor.HoldoutThreshold(heldBudgets)!.Value;
        var holdout = notes.Attempt(() =>
        {
            var rows = LossPredictor.CheckHeldOut(points, above, settings.Resamples, settings.Seed);
            var fitted = points.Count - rows.Count;
            return new HeldOutCheck(above, fitted, rows) { Basis = rows.FirstOrDefault()?.Basis };
        }, "held-out check");
        return new ScalingResult(parabolas, trend, checks, line, holdout, false);
    }

    /// <summary>
    /// The runs grouped into compute budgets (<see cref="ComputeBudgets"/>) within each source, in budget order: each
    /// budget's runs and their points (with the budget set).
    /// </summary>
    private static List<(double Budget, List<FinishedRun> Runs, List<LossObservation> Points)> Budgets(IEnumerable<FinishedRun> usable) =>
        usable.GroupBy(r => r.Source).OrderBy(g => g.Key, StringComparer.Ordinal).SelectMany(source =>
        {
            // Each run's point once (its noise is fitted on its curve). Assign keeps the FLOPs order (a stable sort):
            // pair each point with its run by that order.
            var pairs = source.Select(r => (Run: r, Point: r.Observation())).OrderBy(p => ComputeBudgets.Flops(p.Point)).ToList();
            var points = ComputeBudgets.Assign(pairs.Select(p => p.Point));
            return Enumerable.Range(0, pairs.Count).GroupBy(i => points[i].Budget)
                .Select(g => (g.Key, g.Select(i => pairs[i].Run).ToList(), g.Select(i => points[i]).ToList()));
        }).OrderBy(g => g.Key).ToList();

    private static IsoFlopParabola Parabola(List<LossObservation> runs, AnalysisSettings settings)
    {
        var fit = IsoFlopAnalysis.Compute(runs).Budgets.Single();
        var intervals = IsoFlopBootstrap.Run(runs, settings.Resamples, settings.Seed).Single();
        return new IsoFlopParabola(fit, runs.Select(r => new[] { r.Params, r.Loss }).ToList(), intervals.OptimalParamsInterval, intervals.TokensPerParamInterval)
        {
            Basis = intervals.Basis,
        };
    }

    /// <summary>N* ∝ C^a and D* ∝ C^b: least-squares lines through the parabolas' optima in log-log.</summary>
    private static IsoFlopTrend? Trend(IReadOnlyList<IsoFlopParabola> parabolas)
    {
        if (parabolas.Count < 2) return null;
        var logC = parabolas.Select(p => Math.Log(p.Fit.Budget)).ToArray();
        var a = LineFit.Fit(logC, parabolas.Select(p => Math.Log(p.Fit.OptimalParams)).ToArray()).Slope;
        var b = LineFit.Fit(logC, parabolas.Select(p => Math.Log(p.Fit.OptimalTokens)).ToArray()).Slope;
        return new IsoFlopTrend(a, b, parabolas.Count);
    }

    private static ComputeOptimalLine Line(IReadOnlyList<LossObservation> points, IReadOnlyList<double> budgets, AnalysisSettings settings)
    {
        var fit = ParametricFitAnalysis.Fit(points);
        var boot = ParametricFitBootstrap.Run(points, fit, settings.Resamples, settings.Seed);
        return new ComputeOptimalLine(fit, points.Count, FitBands.ComputeOptimal(fit, boot, budgets[0], budgets[^1]))
        {
            Intervals = new ParametricIntervals(boot.E, boot.A, boot.Alpha, boot.B, boot.Beta, boot.Basis),
            Budgets = budgets.Select(c => new ComputeOptimalAt(c, fit.OptimalParams(c), fit.OptimalTokens(c), fit.OptimalTokensPerParam(c), boot.OptimalTokensPerParam(c))).ToList(),
            Samples = boot.Samples,
            RunScatter = FitResiduals.RunScatter(fit, points),
        };
    }
}
