using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// One budget's 95% intervals: optimal params and tokens per parameter. A null end is open (unbounded); a null
/// interval is absent, and <see cref="Basis"/>'s note says why. <see cref="Unbounded"/>: how many ends of the
/// optimal-params interval are open (0, 1 or 2).
/// </summary>
public sealed record IsoFlopBudgetIntervals(double Budget, double?[]? OptimalParamsInterval, double?[]? TokensPerParamInterval, int Unbounded, IntervalBasis? Basis = null);

/// <summary>
/// The IsoFLOP optimum's 95% interval by Fieller's method, the test inversion (profile) interval for the vertex of
/// the budget's least-squares parabola L = c₀ + c₁·x + c₂·x², x = ln N. A size x₀ is inside when the hypothesis
/// "the parabola's slope c₁ + 2c₂·x₀ is 0 at x₀" is not rejected at 5%: (ĉ₁ + 2ĉ₂x₀)² ≤ q²·Var(ĉ₁ + 2ĉ₂x₀), a
/// quadratic inequality in x₀. When the curvature ĉ₂ is significant (ĉ₂² > q²·Var ĉ₂) the set is an interval;
/// otherwise the runs do not bound the optimum and both ends are open. Under normal noise about a parabola the
/// coverage is exact at any number of runs; no resampling, so no degenerate resamples (a nonparametric bootstrap over
/// 3 runs resamples the same 3 runs, which gave zero-width intervals).
/// The noise: with n ≥ 4 runs, the parabola's residuals, s² = RSS/(n − 3), and q the t quantile with n − 3 dof.
/// With 3 runs the parabola passes through them and leaves no residual, so each run's own evaluation noise is used
/// (<see cref="LossObservation.LossSd"/>, from <see cref="FinalLossNoise.Of"/>), with q the t quantile with
/// <see cref="FinalLossNoise.MinimumDegrees"/> dof; without it the interval is absent, with a note. That noise is
/// the test set's sampling noise only, not the seed-to-seed scatter, so 3-run intervals may be too narrow.
/// An optimum outside the sizes measured (unbracketed) is an extrapolation of the parabola: that side is open.
/// Tokens per parameter is (N·D)/N*² (N·D the budget's geometric mean), so its interval maps from N*'s.
/// </summary>
public static class IsoFlopBootstrap
{
    public const string ResidualMethod = "Fieller interval for the parabola's vertex, noise from its residuals (t, n − 3 dof)";
    public const string RunNoiseMethod = "Fieller interval for the parabola's vertex, noise from each run's last evaluations (t, 4 dof)";

    /// <param name="resamples">Checked as a resample count for the callers that pass one; the interval draws nothing.</param>
    /// <param name="seed">Unused (nothing is drawn); kept for the callers.</param>
    public static IReadOnlyList<IsoFlopBudgetIntervals> Run(IReadOnlyList<LossObservation> runs, int resamples, int seed)
    {
        Resampling.CheckCount(resamples);
        var fits = IsoFlopAnalysis.Compute(runs).Budgets; // the same checks and messages as the point fit
        return runs.GroupBy(r => r.Budget).OrderBy(g => g.Key)
            .Select((g, i) => Budget(g.Key, g.ToList(), fits[i].Bracketed)).ToList();
    }

    private static IsoFlopBudgetIntervals Budget(double budget, List<LossObservation> rows, bool bracketed)
    {
        var n = rows.Count;
        var x = rows.Select(r => Math.Log(r.Params)).ToArray();
        var center = x.Average();
        var design = Matrix<double>.Build.Dense(n, 3, (i, j) => Math.Pow(x[i] - center, j));
        var y = Vector<double>.Build.Dense(rows.Select(r => r.Loss).ToArray());
        var inverse = (design.Transpose() * design).Inverse();
        var c = inverse * design.Transpose() * y;
        Matrix<double> covariance;
        double q;
        string method;
        if (n > 3)
        {
            var residual = y - design * c;
            covariance = inverse * (residual.DotProduct(residual) / (n - 3));
            q = StudentT.InvCDF(0, 1, n - 3, Upper);
            method = ResidualMethod;
        }
        else if (rows.All(r => r.LossSd is > 0))
        {
            var noise = Matrix<double>.Build.Diagonal(rows.Select(r => r.LossSd!.Value * r.LossSd.Value).ToArray());
            covariance = inverse * design.Transpose() * noise * design * inverse;
            q = StudentT.InvCDF(0, 1, FinalLossNoise.MinimumDegrees, Upper);
            method = RunNoiseMethod;
        }
        else
        {
            return new IsoFlopBudgetIntervals(budget, null, null, 0, new IntervalBasis(n, IntervalBasis.Runs, ResidualMethod,
                Note: "no interval: a parabola through 3 runs leaves no residual to measure the noise, and not every run has its evaluation noise (LossSd); add a run or give the runs' curves"));
        }

        // (c1 + 2 c2 u)² − q² (V11 + 4u V12 + 4u² V22) ≤ 0, u = x₀ − center: a·u² + b·u + k ≤ 0.
        var (c1, c2) = (c[1], c[2]);
        var q2 = q * q;
        var a = 4 * (c2 * c2 - q2 * covariance[2, 2]);
        var b = 4 * (c1 * c2 - q2 * covariance[1, 2]);
        var k = c1 * c1 - q2 * covariance[1, 1];
        double? lo = null, hi = null;
        var notes = new List<string>();
        if (a > 0)
        {
            var root = Math.Sqrt(Math.Max(0, b * b - 4 * a * k));
            lo = Math.Exp(center + (-b - root) / (2 * a));
            hi = Math.Exp(center + (-b + root) / (2 * a));
        }
        else
        {
            notes.Add("the parabola's curvature is not significant at 95%: these runs do not bound the optimum");
        }
        if (!bracketed)
        {
            var larger = -c1 / (2 * c2) + center > x.Max();
            if (larger) hi = null; else lo = null;
            notes.Add($"the optimum lies {(larger ? "above the largest" : "below the smallest")} size measured (extrapolated): open on that side");
        }
        var product = Math.Exp(rows.Average(r => Math.Log(r.Params) + Math.Log(r.Tokens)));
        double?[] parameters = [lo, hi];
        double?[] tokensPerParam = [hi is { } h ? product / (h * h) : null, lo is { } l ? product / (l * l) : null];
        var open = (lo is null ? 1 : 0) + (hi is null ? 1 : 0);
        return new IsoFlopBudgetIntervals(budget, parameters, tokensPerParam, open,
            new IntervalBasis(n, IntervalBasis.Runs, method, Note: notes.Count == 0 ? null : string.Join("; ", notes)));
    }

    private static readonly double Upper = 1 - (1 - Resampling.Level) / 2;
}
