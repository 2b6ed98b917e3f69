using MathNet.Numerics;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// One budget's parabola L = c0 + c1·ln N + c2·(ln N)²: the optimum N* = exp(−c1 / (2·c2)), D* = (N·D) / N* with
/// N·D the geometric mean over the budget's runs (constant along an IsoFLOP profile), and D*/N*.
/// Bracketed: N* lies within the sizes measured (otherwise it is an extrapolation).
/// </summary>
public sealed record IsoFlopBudgetFit(
    double Budget,
    int Runs,
    double OptimalParams,
    double OptimalTokens,
    double TokensPerParam,
    double MinimumLoss,
    double Curvature,
    double R2,
    bool Bracketed);

/// <summary>Per-budget optima and, with two budgets or more, the exponents of N* ∝ C^a and D* ∝ C^b.</summary>
public sealed record IsoFlopResult(IReadOnlyList<IsoFlopBudgetFit> Budgets, double? ParamsExponent, double? TokensExponent);

/// <summary>Chinchilla's approach 2: final loss against ln(params) at each fixed FLOPs budget, fitted by a parabola.</summary>
public static class IsoFlopAnalysis
{
    public static IsoFlopResult Compute(IReadOnlyList<LossObservation> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs: give at least 3 runs per budget.", nameof(runs));
        if (runs.Any(r => double.IsNaN(r.Budget)))
            throw new ArgumentException("every run needs its FLOPs budget (the budget column) to group IsoFLOP profiles.", "budget");
        var budgets = runs.GroupBy(r => r.Budget).OrderBy(g => g.Key).Select(g => FitBudget(g.Key, g.ToList())).ToList();
        if (budgets.Count < 2) return new IsoFlopResult(budgets, null, null);
        var logC = budgets.Select(b => Math.Log(b.Budget)).ToArray();
        var paramsLine = LineFit.Fit(logC, budgets.Select(b => Math.Log(b.OptimalParams)).ToArray());
        var tokensLine = LineFit.Fit(logC, budgets.Select(b => Math.Log(b.OptimalTokens)).ToArray());
        return new IsoFlopResult(budgets, paramsLine.Slope, tokensLine.Slope);
    }

    private static IsoFlopBudgetFit FitBudget(double budget, List<LossObservation> runs)
    {
        var x = runs.Select(r => Math.Log(r.Params)).ToArray();
        var y = runs.Select(r => r.Loss).ToArray();
        if (x.Distinct().Count() < 3)
            throw new ArgumentException($"budget {budget:G4} has {x.Distinct().Count()} distinct model sizes; a parabola needs at least 3.", "budget");
        var c = Fit.Polynomial(x, y, 2);
        if (!(c[2] > 0))
            throw new ArgumentException($"at budget {budget:G4} the loss does not curve upward against log params (curvature {c[2]:G3}): there is no minimum; add smaller and larger models.", "budget");
        var logOptimum = -c[1] / (2 * c[2]);
        var optimalParams = Math.Exp(logOptimum);
        var product = Math.Exp(runs.Average(r => Math.Log(r.Params) + Math.Log(r.Tokens)));
        var optimalTokens = product / optimalParams;
        var predicted = x.Select(v => c[0] + c[1] * v + c[2] * v * v).ToArray();
        return new IsoFlopBudgetFit(budget, runs.Count, optimalParams, optimalTokens, optimalTokens / optimalParams,
            c[0] + c[1] * logOptimum + c[2] * logOptimum * logOptimum, c[2], GoodnessOfFit.CoefficientOfDetermination(predicted, y),
            logOptimum >= x.Min() && logOptimum <= x.Max());
    }
}
