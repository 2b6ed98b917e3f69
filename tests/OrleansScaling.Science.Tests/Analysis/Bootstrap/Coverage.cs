using MathNet.Numerics.Distributions;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Tests.Analysis.Bootstrap;

/// <summary>
/// Coverage simulations of the 95% intervals at small n, against known truth (docs/science.md, "Coverage at small n").
/// Each returns how many of the simulated datasets' intervals contain the truth (an open end contains everything on
/// its side; an absent interval contains nothing), how many had an open end and how many were absent.
/// </summary>
internal static class Coverage
{
    public sealed record Result(int Datasets, int Covered, int Open, int Absent, double MedianRelativeWidth)
    {
        public double Rate => Covered / (double)Datasets;
        public override string ToString() => $"{Covered}/{Datasets} = {Rate:P1} (open {Open}, absent {Absent}, median width {MedianRelativeWidth:G3})";
    }

    /// <summary>
    /// The range an observed coverage of a method whose true coverage is <paramref name="nominal"/> falls in with
    /// probability 1 − 2·<paramref name="tail"/> over <paramref name="datasets"/> datasets: binomial quantiles ÷ datasets.
    /// </summary>
    /// <summary>
    /// Whether an observed coverage is consistent (at 99.9% each side) with a true coverage between 95% and 99.5%:
    /// at least <see cref="Band"/>'s lower end for 95%, at most its upper end for 99.5%.
    /// </summary>
    public static (double Lo, double Hi) Accepted(int datasets) => (Band(datasets).Lo, Band(datasets, 0.995).Hi);

    public static (double Lo, double Hi) Band(int datasets, double nominal = Resampling.Level, double tail = 0.0005)
    {
        var distribution = new Binomial(nominal, datasets);
        int lo = 0, hi = datasets;
        while (distribution.CumulativeDistribution(lo) < tail) lo++;
        while (hi > 0 && distribution.CumulativeDistribution(hi - 1) >= 1 - tail) hi--;
        return (lo / (double)datasets, hi / (double)datasets);
    }

    public static bool Contains(double?[]? interval, double truth) =>
        interval is [var lo, var hi] && (lo is null || lo <= truth) && (hi is null || truth <= hi);

    private static double Width(double?[]? interval, double truth) =>
        interval is [{ } lo, { } hi] ? (hi - lo) / truth : double.PositiveInfinity;

    private static Result Tally(int datasets, IEnumerable<(double?[]? Interval, double Truth)> outcomes)
    {
        var list = outcomes.ToList();
        var widths = list.Select(o => Width(o.Interval, o.Truth)).Order().ToArray();
        return new Result(datasets, list.Count(o => Contains(o.Interval, o.Truth)),
            list.Count(o => o.Interval is [var lo, var hi] && (lo is null || hi is null)), list.Count(o => o.Interval is null),
            widths[widths.Length / 2]);
    }

    // ---- Speedups: S and M(E=10)-like curves per seed, evaluated every 20 iterations to 400. ----

    public static readonly long[] SpeedupGrid = Synthetic.Every(20, 400).ToArray();

    /// <summary>
    /// One seed's pair: S is L = 5.5 + 2·(i/20)^(−0.6) with its scale varied 2% by seed; M is the same law 5% higher
    /// (scale varied 2% by seed) plus an overfitting rise 0.5·((i − i₀)/200)² after i₀ = 200·e^(0.25·g), so M's best
    /// falls at a different iteration each seed. No evaluation noise: the spread is the seeds'.
    /// </summary>
    public static (IReadOnlyList<CurvePoint> S, IReadOnlyList<CurvePoint> M) SpeedupPair(Random random, IEnumerable<long> grid)
    {
        var s = Math.Exp(0.02 * Resampling.Gaussian(random));
        var m = 1.05 * Math.Exp(0.02 * Resampling.Gaussian(random));
        var onset = 200 * Math.Exp(0.25 * Resampling.Gaussian(random));
        var iterations = grid.ToList();
        return (Synthetic.CurveOf(iterations, i => 5.5 + 2 * s * Math.Pow(i / 20.0, -0.6)),
            Synthetic.CurveOf(iterations, i => 5.5 + 2 * m * Math.Pow(i / 20.0, -0.6) + 0.5 * Math.Pow(Math.Max(0, (i - onset) / 200), 2)));
    }

    private static double? _speedupTruth;

    /// <summary>The truth: the mean speedup over 4,000 seeds read off a grid of every iteration (no grid error).</summary>
    public static double SpeedupTruth => _speedupTruth ??= TruthOfSpeedup();

    private static double TruthOfSpeedup()
    {
        var random = new Random(77);
        var fine = Enumerable.Range(1, 400).Select(i => (long)i).ToArray();
        return Enumerable.Range(0, 4000).Select(_ =>
        {
            var (s, m) = SpeedupPair(random, fine);
            var r = SpeedupAnalysis.Compute(s, m);
            return r.Speedup ?? r.MultiEpochBestIteration / 400.0; // S never reaches M's best: the bound, as the interval counts it

        }).Average();
    }

    public static Result Speedups(int seeds, int datasets, int firstDataset = 0)
    {
        var truth = SpeedupTruth;
        return Tally(datasets, Enumerable.Range(firstDataset, datasets).Select(d =>
        {
            var random = new Random(10_000 + d);
            var pairs = Enumerable.Range(0, seeds).Select(_ => SpeedupPair(random, SpeedupGrid)).ToList();
            var summary = SpeedupBootstrap.Run(pairs.Select(p => p.S).ToList(), pairs.Select(p => p.M).ToList(), 200, 1);
            return (summary.SpeedupInterval, truth);
        }));
    }

    // ---- IsoFLOP: one budget, n sizes a factor 2 apart, loss a parabola in ln N plus normal noise. ----

    public const double IsoFlopNoise = 0.01;
    public const double IsoFlopCurvature = 0.08;
    public const double IsoFlopBudget = 1e15;

    /// <summary>
    /// n runs at N = 10⁶·2^k (k = 0 … n − 1), D = C/(6N); L = 3 + 0.08·(ln N − ln N*)² + 0.01·g. The optimum N* lies
    /// uniformly within one size step (×2) either side of the middle size. With <paramref name="runNoise"/> each run
    /// carries its evaluation noise as measured from 10 evaluations: 0.01·√(χ²₈/8).
    /// </summary>
    public static (List<LossObservation> Runs, double Optimum) IsoFlopBudgetRuns(Random random, int n, bool runNoise, double offsetSteps = double.NaN)
    {
        var step = Math.Log(2);
        var middle = Math.Log(1e6) + step * (n - 1) / 2;
        var optimum = middle + step * (double.IsNaN(offsetSteps) ? 2 * random.NextDouble() - 1 : offsetSteps);
        var runs = Enumerable.Range(0, n).Select(k =>
        {
            var x = Math.Log(1e6) + k * step;
            var loss = 3 + IsoFlopCurvature * (x - optimum) * (x - optimum) + IsoFlopNoise * Resampling.Gaussian(random);
            double? sd = runNoise ? IsoFlopNoise * Math.Sqrt(Enumerable.Range(0, 8).Sum(_ => Math.Pow(Resampling.Gaussian(random), 2)) / 8) : null;
            return new LossObservation(Math.Exp(x), IsoFlopBudget / 6 / Math.Exp(x), loss, IsoFlopBudget, sd);
        }).ToList();
        return (runs, Math.Exp(optimum));
    }

    public static Result IsoFlop(int n, int datasets, bool runNoise, int firstDataset = 0)
    {
        var outcomes = new List<(double?[]?, double)>();
        var attempted = 0;
        for (var d = firstDataset; outcomes.Count < datasets; d++)
        {
            // A dataset whose point fit has no minimum (curvature ≤ 0) gets no optimum at all, so no interval to check.
            var (runs, optimum) = IsoFlopBudgetRuns(new Random(20_000 + d), n, runNoise);
            attempted++;
            IReadOnlyList<IsoFlopBudgetIntervals> intervals;
            try { intervals = IsoFlopBootstrap.Run(runs, 200, 1); }
            catch (ArgumentException) { continue; }
            outcomes.Add((intervals.Single().OptimalParamsInterval, optimum));
        }
        return Tally(datasets, outcomes);
    }

    // ---- Held-out predictions: ParametricFitCoverageTests' datasets (20 runs, 5 sizes × 4 token counts). ----

    public static readonly ParametricLossFit Chinchilla = new(E: 1.69, A: 406.4, Alpha: 0.34, B: 410.7, Beta: 0.28, 0, 0, 0);
    public const double FitNoise = 0.02;

    /// <summary>
    /// Per dataset, the fit and its bootstrap (<paramref name="resamples"/>) on the 20 runs, then 4 fresh runs at
    /// random sizes and token counts inside the measured range, each with its own noise: inside their intervals or not.
    /// </summary>
    public static (int Inside, int Predicted) FreshRuns(int datasets, int resamples, int firstDataset = 0)
    {
        var inside = 0;
        var total = 0;
        for (var dataset = firstDataset; dataset < firstDataset + datasets; dataset++)
        {
            var random = new Random(1000 + dataset);
            var rows = ParametricFitCoverageTests.Dataset(random, Chinchilla, FitNoise);
            var fit = ParametricFitAnalysis.Fit(rows, ParametricFitBootstrap.OtherStarts);
            var boot = ParametricFitBootstrap.Run(rows, fit, resamples, seed: dataset, otherStarts: []);
            var model = new LossModel(fit, boot.Samples, FitResiduals.RunScatter(fit, rows), rows.Count);
            for (var k = 0; k < 4; k++)
            {
                var n = Math.Pow(10, 6 + 2.4 * random.NextDouble());
                var d = Math.Pow(10, 8 + 2.4 * random.NextDouble());
                var measured = Chinchilla.Loss(n, d) * Math.Exp(FitNoise * Resampling.Gaussian(random));
                total++;
                if (Contains(model.Predict(n, d).Interval, measured)) inside++;
            }
        }
        return (inside, total);
    }

    /// <summary>
    /// Per dataset, the held-out check (<see cref="LossPredictor.Split"/> and <see cref="LossPredictor.Holdout"/>, as
    /// <see cref="LossPredictor.CheckHeldOut"/> does, with the short list of starts for speed): the 20 runs split at the
    /// FLOPs halfway (in log) between the 3rd and 4th largest, so the 3 largest-compute runs are predicted from the 17.
    /// </summary>
    public static (int Inside, int Predicted) HeldOut(int datasets, int resamples, int firstDataset = 0)
    {
        var inside = 0;
        var total = 0;
        for (var dataset = firstDataset; dataset < firstDataset + datasets; dataset++)
        {
            var rows = ParametricFitCoverageTests.Dataset(new Random(5000 + dataset), Chinchilla, FitNoise);
            var flops = rows.Select(r => 6 * r.Params * r.Tokens).OrderDescending().ToArray();
            var (below, above) = LossPredictor.Split(rows, Math.Sqrt(flops[2] * flops[3]));
            var fit = ParametricFitAnalysis.Fit(below, ParametricFitBootstrap.OtherStarts);
            var boot = ParametricFitBootstrap.Run(below, fit, resamples, seed: dataset, otherStarts: []);
            var rowsOut = LossPredictor.Holdout(fit, boot, FitResiduals.RunScatter(fit, below), above);
            inside += rowsOut.Count(r => r.Inside);
            total += rowsOut.Count;
        }
        return (inside, total);
    }
}
