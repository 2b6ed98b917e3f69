using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>One budget's IsoFLOP parabola, its runs as [params, final test loss] and its optimum's 95% intervals.</summary>
public sealed record IsoFlopParabola(IsoFlopBudgetFit Fit, IReadOnlyList<double[]> Points, double?[]? OptimalParamsInterval, double?[]? TokensPerParamInterval);

/// <summary>The parametric fit L(N, D) over the runs and its compute-optimal line: rows [FLOPs, N*, lo, hi] (95% band).</summary>
public sealed record ComputeOptimalLine(ParametricLossFit Fit, int Runs, IReadOnlyList<double[]> Line);

/// <summary>The held-out check: fitted on the runs at or below <see cref="Above"/> FLOPs, the rows predict the rest.</summary>
public sealed record HeldOutCheck(double Above, int FittedRuns, IReadOnlyList<HoldoutRow> Rows);

/// <summary>
/// What an experiment's runs say about compute scaling; Notes say what could not be computed and why.
/// FitsPending: the runs call for the fits, but they were not asked for.
/// </summary>
public sealed record ExperimentScalingResult(IReadOnlyList<IsoFlopParabola> IsoFlop, ComputeOptimalLine? ComputeOptimal, HeldOutCheck? Holdout, IReadOnlyList<string> Notes, bool FitsPending = false);

/// <summary>
/// The compute-scaling analyses of an experiment, over its succeeded one-epoch runs without dropout (each run one
/// point: params, tokens, last test loss), grouped into budgets by <see cref="ComputeBudgets"/>: an IsoFLOP parabola
/// for each budget with 3 sizes or more; and, with runs at two budgets or more, the parametric fit's compute-optimal
/// line and the held-out check (<see cref="LossPredictor.HoldoutThreshold"/>, the rule `osc report` uses). The fits
/// take seconds of CPU, so they run only when <c>fits</c> is set (the experiment grain: once every run has finished, in a
/// timer callback of their own); otherwise the result says FitsPending.
/// </summary>
public static class ExperimentScaling
{
    public static ExperimentScalingResult Analyze(IReadOnlyList<FinishedRun> runs, bool fits, int resamples = AnalysisIntervals.Resamples, int seed = AnalysisIntervals.Seed)
    {
        var notes = new List<string>();
        var points = ComputeBudgets.Assign(runs
            .Where(r => r.Spec.Epochs == 1 && r.Spec.Dropout == 0 && r.Curve.Count > 0 && r.Curve[^1].TestLoss is > 0 and < double.PositiveInfinity)
            .Select(r => new LossObservation(r.Spec.Shape.Parameters, r.Spec.TotalTokens, r.Curve[^1].TestLoss)));
        var budgets = points.Select(p => p.Budget).Distinct().Order().ToList();
        var isoFlop = points.GroupBy(p => p.Budget).Where(g => g.Select(p => p.Params).Distinct().Count() >= 3)
            .Select(g => Attempt(() => Profile(g.ToList(), resamples, seed), $"IsoFLOP parabola at {g.Key:G3} FLOPs", notes))
            .OfType<IsoFlopParabola>().ToList();
        if (budgets.Count < 2) return new ExperimentScalingResult(isoFlop, null, null, notes);
        if (points.Count < 5)
        {
            notes.Add($"parametric fit and held-out check: the fit needs 5 one-epoch runs without dropout; {points.Count} have succeeded.");
            return new ExperimentScalingResult(isoFlop, null, null, notes);
        }
        if (!fits)
        {
            notes.Add("parametric fit and held-out check: computed once every run has finished.");
            return new ExperimentScalingResult(isoFlop, null, null, notes, FitsPending: true);
        }
        var line = Attempt(() =>
        {
            var fit = ParametricFitAnalysis.Fit(points);
            var boot = ParametricFitBootstrap.Run(points, fit, resamples, seed);
            return new ComputeOptimalLine(fit, points.Count, FitBands.ComputeOptimal(fit, boot, budgets[0], budgets[^1]));
        }, "parametric fit", notes);
        var above = LossPredictor.HoldoutThreshold(budgets)!.Value;
        var holdout = Attempt(() =>
        {
            var rows = LossPredictor.CheckHeldOut(points, above, resamples, seed);
            return new HeldOutCheck(above, points.Count - rows.Count, rows);
        }, "held-out check", notes);
        return new ExperimentScalingResult(isoFlop, line, holdout, notes);
    }

    private static IsoFlopParabola Profile(List<LossObservation> runs, int resamples, int seed)
    {
        var fit = IsoFlopAnalysis.Compute(runs).Budgets.Single();
        var intervals = IsoFlopBootstrap.Run(runs, resamples, seed).Single();
        return new IsoFlopParabola(fit, runs.Select(r => new[] { r.Params, r.Loss }).ToList(), intervals.OptimalParamsInterval, intervals.TokensPerParamInterval);
    }

    /// <summary>The analyzer's rule: bad input becomes a note naming what was skipped.</summary>
    private static T? Attempt<T>(Func<T> analysis, string what, List<string> notes) where T : class =>
        ExperimentAnalyzer.Attempt(analysis, what, notes);
}
