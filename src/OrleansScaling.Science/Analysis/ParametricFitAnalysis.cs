using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// Chinchilla's approach 3: minimize Σ Huber_δ(LSE(a − α·ln N, b − β·ln D, e) − ln L) over (a, b, e, α, β) with
/// δ = 1e-3, where A = e^a, B = e^b, E = e^e, by L-BFGS from every point of a grid of starts (Hoffmann et al. 2022,
/// appendix D.2: α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}); the best minimum wins.
/// </summary>
public static class ParametricFitAnalysis
{
    public const double HuberDelta = 1e-3;

    private static readonly double[] ExponentStarts = [0, 0.5, 1, 1.5, 2];
    private static readonly double[] IrreducibleStarts = [-1, -0.5, 0, 0.5, 1];
    private static readonly double[] ScaleStarts = [0, 5, 10, 15, 20, 25];

    /// <summary>Hoffmann et al.'s grid of 4,500 starts, in the optimizer's coordinates (a, b, e, α, β).</summary>
    public static readonly IReadOnlyList<double[]> GridStarts =
        (from alpha in ExponentStarts
         from beta in ExponentStarts
         from e in IrreducibleStarts
         from a in ScaleStarts
         from b in ScaleStarts
         select new[] { a, b, e, alpha, beta }).ToArray();

    /// <summary>
    /// A minimum counts as converged when the objective's gradient there is at most this, in every coordinate
    /// (the objective is a sum of Huber terms, so this is per summed term; see docs/science.md).
    /// </summary>
    public const double GradientTolerance = 1e-8;

    public static ParametricLossFit Fit(IReadOnlyList<LossObservation> observations) => Fit(observations, GridStarts);

    /// <summary>The best converged minimum from the given starts (a, b, e, α, β), which run in parallel.</summary>
    public static ParametricLossFit Fit(IReadOnlyList<LossObservation> observations, IReadOnlyList<double[]> starts)
    {
        if (observations.Count < AnalysisSettings.MinimumFitRuns)
            throw new ArgumentException($"the parametric fit has 5 parameters and needs at least {AnalysisSettings.MinimumFitRuns} runs (got {observations.Count}); more, of varied sizes and data, fit better.", nameof(observations));
        var data = Data.From(observations);
        // Starts are independent: minimize them in parallel; the best value wins, ties to the earlier start,
        // so the result does not depend on scheduling.
        var minima = new Minimum[starts.Count];
        Parallel.For(0, starts.Count, i => minima[i] = Minimize(data, starts[i]));
        var best = Best(minima)
            ?? throw new ArgumentException($"the parametric fit did not converge from any of {starts.Count} starts: the runs may not constrain L(N, D); add runs of more sizes and data amounts.", nameof(observations));
        return ToFit(best, starts.Count, minima.Count(m => !m.Converged));
    }

    /// <summary>One minimum: the objective, the point (a, b, e, α, β) and whether it passed the convergence test.</summary>
    internal readonly record struct Minimum(double Value, double[]? Point, bool Converged);

    /// <summary>The lowest converged minimum, ties to the earlier start; null when none converged.</summary>
    internal static Minimum? Best(IReadOnlyList<Minimum> minima)
    {
        Minimum? best = null;
        foreach (var m in minima)
            if (m.Converged && (best is null || m.Value < best.Value.Value)) best = m;
        return best;
    }

    internal static ParametricLossFit ToFit(Minimum m, int starts, int failed)
    {
        var p = m.Point!;
        return new ParametricLossFit(Math.Exp(p[2]), Math.Exp(p[0]), p[3], Math.Exp(p[1]), p[4], m.Value, starts, failed);
    }

    /// <summary>The optimizer's coordinates (a, b, e, α, β) of a fit: a good start for a nearby problem.</summary>
    internal static double[] Coordinates(ParametricLossFit fit) => [Math.Log(fit.A), Math.Log(fit.B), Math.Log(fit.E), fit.Alpha, fit.Beta];

    /// <summary>
    /// One L-BFGS run, then the convergence test: the gradient at the point it stopped at must be at most
    /// <see cref="GradientTolerance"/> in every coordinate. A run that stalls in its line search, hits the
    /// iteration cap or stops early on small progress fails it and gives no point.
    /// </summary>
    internal static Minimum Minimize(Data data, double[] start)
    {
        var minimizer = new LimitedMemoryBfgsMinimizer(gradientTolerance: 1e-10, parameterTolerance: 1e-12, functionProgressTolerance: 1e-16, memory: 10, maximumIterations: 2000);
        try
        {
            var result = minimizer.FindMinimum(ObjectiveFunction.Gradient(data.ValueAndGradient), Vector<double>.Build.DenseOfArray(start));
            var value = result.FunctionInfoAtMinimum.Value;
            var point = result.MinimizingPoint.ToArray();
            if (!double.IsFinite(value)) return new Minimum(double.NaN, null, false);
            var (_, gradient) = data.ValueAndGradient(result.MinimizingPoint);
            return new Minimum(value, point, gradient.InfinityNorm() <= GradientTolerance);
        }
        catch (Exception e) when (e is OptimizationException or ArithmeticException)
        {
            // Counted in FailedStarts, not used: the grid exists because single starts of this non-convex problem fail
            // (a start whose steps overflow to NaN fails here too).
            return new Minimum(double.NaN, null, false);
        }
    }

    /// <summary>ln N, ln D and ln L of the observations, and the objective with its analytic gradient.</summary>
    internal sealed record Data(double[] LogN, double[] LogD, double[] LogL)
    {
        public static Data From(IReadOnlyList<LossObservation> rows)
        {
            foreach (var r in rows)
            {
                if (!(r.Params > 0 && r.Tokens > 0 && r.Loss > 0) || !double.IsFinite(r.Params + r.Tokens + r.Loss))
                    throw new ArgumentException($"every run needs positive finite params, tokens and loss (got {r.Params}, {r.Tokens}, {r.Loss}).", "observations");
            }
            return new Data(rows.Select(r => Math.Log(r.Params)).ToArray(), rows.Select(r => Math.Log(r.Tokens)).ToArray(), rows.Select(r => Math.Log(r.Loss)).ToArray());
        }

        public (double, Vector<double>) ValueAndGradient(Vector<double> p)
        {
            double a = p[0], b = p[1], e = p[2], alpha = p[3], beta = p[4];
            var gradient = new double[5];
            double value = 0;
            for (var i = 0; i < LogN.Length; i++)
            {
                var t1 = a - alpha * LogN[i];
                var t2 = b - beta * LogD[i];
                var max = Math.Max(t1, Math.Max(t2, e));
                var (w1, w2, w3) = (Math.Exp(t1 - max), Math.Exp(t2 - max), Math.Exp(e - max));
                var sum = w1 + w2 + w3;
                var residual = max + Math.Log(sum) - LogL[i];
                var abs = Math.Abs(residual);
                value += abs <= HuberDelta ? 0.5 * residual * residual : HuberDelta * (abs - 0.5 * HuberDelta);
                var slope = abs <= HuberDelta ? residual : HuberDelta * Math.Sign(residual);
                gradient[0] += slope * w1 / sum;
                gradient[1] += slope * w2 / sum;
                gradient[2] += slope * w3 / sum;
                gradient[3] -= slope * w1 / sum * LogN[i];
                gradient[4] -= slope * w2 / sum * LogD[i];
            }
            return (value, Vector<double>.Build.DenseOfArray(gradient));
        }
    }
}
