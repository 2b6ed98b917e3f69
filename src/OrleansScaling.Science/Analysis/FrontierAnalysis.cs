using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>One model size's learning curve for the frontier: its parameter count and its evaluations.</summary>
public sealed record FrontierCurve(long Params, IReadOnlyList<CurvePoint> Curve);

/// <summary>
/// The compute-efficient frontier (the paper's Table 3): the lower envelope of test loss against training FLOPs
/// over several sizes, each curve joined linearly in log-log between its evaluations. For each size, the
/// iterations from where it first becomes the lowest curve to where another curve overtakes it, and the same
/// range as tokens per parameter c·I/P. The lower end is 0 for the size that is lowest from the start of the
/// envelope; the upper end is null (open) when no curve overtakes it before its last evaluation. A size already
/// lowest at its first evaluation, after another size was lowest before it, starts at that evaluation (the crossing
/// happened earlier, unmeasured). Sizes never lowest get empty ranges. Overlap: the intersection of the sizes'
/// tokens-per-parameter ranges; geometric mean √(from·to).
/// </summary>
public static class FrontierAnalysis
{
    public static FrontierResult Compute(IReadOnlyList<FrontierCurve> curves, long tokensPerIteration)
    {
        if (tokensPerIteration <= 0)
            throw new ArgumentException($"tokens per iteration must be positive (got {tokensPerIteration}); it is batch × context.", nameof(tokensPerIteration));
        if (curves.Count < 2) throw new ArgumentException($"a frontier needs curves of at least 2 sizes (got {curves.Count}).", nameof(curves));
        if (curves.GroupBy(c => c.Params).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"{twice.Count()} curves have {twice.Key} parameters: give one curve per model size (e.g. one seed each).", nameof(curves));
        var sorted = curves.OrderBy(c => c.Params).Select(LogCurve.From).ToList();
        var envelope = LowerEnvelope.Owners(sorted);
        if (envelope.Count == 0)
            throw new ArgumentException("the curves never overlap in FLOPs, so no size can be compared with another: train the sizes over a common FLOPs range.", nameof(curves));
        var sizes = sorted.Select((curve, i) => Size(curve, envelope.Where(s => s.Owner == i).ToList(), envelope[0], tokensPerIteration)).ToList();
        var (overlap, mean) = Overlap(sizes);
        return new FrontierResult(sizes, overlap, mean);
    }

    private static FrontierSize Size(LogCurve curve, List<EnvelopeSegment> segments, EnvelopeSegment start, long c)
    {
        if (segments.Count == 0) return new FrontierSize(curve.Params, [], []);
        double? from = segments[0] == start ? 0 : curve.IterationAt(segments[0].From);
        double? to = segments[^1].To >= curve.LogFlops[^1] ? null : curve.IterationAt(segments[^1].To);
        return new FrontierSize(curve.Params, [from, to], [from * c / curve.Params, to * c / curve.Params]);
    }

    private static (IReadOnlyList<double?> Overlap, double? GeometricMean) Overlap(IReadOnlyList<FrontierSize> sizes)
    {
        var ranges = sizes.Where(s => s.OptimalTokensPerParam.Count == 2).Select(s => s.OptimalTokensPerParam).ToList();
        if (ranges.Count == 0) return ([], null);
        var from = ranges.Max(r => r[0]!.Value);
        var to = ranges.Min(r => r[1] ?? double.PositiveInfinity);
        if (from > to) return ([], null);
        double? upper = double.IsPositiveInfinity(to) ? null : to;
        double? mean = upper is { } u && from > 0 ? Math.Sqrt(from * u) : null;
        return ([from, upper], mean);
    }

    /// <summary>A curve on log axes: x = ln FLOPs, y = ln test loss, with iterations to map back.</summary>
    internal sealed record LogCurve(long Params, double[] LogFlops, double[] LogLoss, long[] Iterations, double[] Flops)
    {
        public static LogCurve From(FrontierCurve curve)
        {
            var name = $"params={curve.Params}";
            if (curve.Params <= 0) throw new ArgumentException($"a frontier curve needs a positive parameter count (got {curve.Params}).", "params");
            var points = CurveInput.LogPoints(curve.Curve, name, minimum: 2).Where(p => p.Flops > 0).ToList();
            for (var i = 1; i < points.Count; i++)
            {
                if (points[i].Flops <= points[i - 1].Flops)
                    throw new ArgumentException($"the {name} curve's FLOPs do not grow: {points[i].Flops:G4} at iteration {points[i].Iteration} after {points[i - 1].Flops:G4}.", name);
            }
            if (points.Count < 2) throw new ArgumentException($"the {name} curve has fewer than 2 evaluations with positive FLOPs.", name);
            return new LogCurve(curve.Params, points.Select(p => Math.Log(p.Flops)).ToArray(), points.Select(p => Math.Log(p.TestLoss)).ToArray(),
                points.Select(p => p.Iteration).ToArray(), points.Select(p => p.Flops).ToArray());
        }

        public bool Covers(double x) => x >= LogFlops[0] && x <= LogFlops[^1];

        /// <summary>ln loss at ln FLOPs x, linear between evaluations (x within the curve).</summary>
        public double LogLossAt(double x)
        {
            var k = Segment(x);
            var t = (x - LogFlops[k]) / (LogFlops[k + 1] - LogFlops[k]);
            return LogLoss[k] + t * (LogLoss[k + 1] - LogLoss[k]);
        }

        /// <summary>The iteration at ln FLOPs x; FLOPs grow linearly with iterations, so interpolate in FLOPs.</summary>
        public double IterationAt(double x)
        {
            var k = Segment(x);
            var flops = Math.Exp(x);
            var t = (flops - Flops[k]) / (Flops[k + 1] - Flops[k]);
            return Iterations[k] + t * (Iterations[k + 1] - Iterations[k]);
        }

        private int Segment(double x)
        {
            var k = Array.BinarySearch(LogFlops, x);
            if (k < 0) k = ~k - 1;
            return Math.Clamp(k, 0, LogFlops.Length - 2);
        }
    }
}
