using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;
using OrleansScaling.Training;

namespace OrleansScaling.Bench.Orleans;

/// <summary>
/// Synthetic learning curves for the scale benchmark (issue 18 item 5): 100 evaluation points on Chinchilla's
/// L(N, D) = E + A/N^α + B/D^β with D the tokens seen so far (an M(E) run's repeated tokens count 15% less per
/// extra epoch), times 1% log-normal noise seeded by the run's shape, seed, epochs and
/// iterations (a fixed formula, not HashCode, which differs between processes: the same N gives the same data).
/// </summary>
public static class ScaleData
{
    public const int Points = 100;
    private const double E = 1.69, A = 406.4, B = 410.7, Alpha = 0.34, Beta = 0.28;

    public static IReadOnlyList<CurvePoint> Curve(RunSpec spec)
    {
        var random = new Random(unchecked(((spec.Shape.DModel * 31 + spec.Shape.Layers) * 31 + spec.Seed) * 31 * 31 + spec.Epochs * 31 + spec.Iterations));
        var every = Math.Max(1, spec.Iterations / Points);
        var curve = new List<CurvePoint>(Points);
        var repeatDiscount = 1 - 0.15 * (spec.Epochs - 1) / Math.Max(1, spec.Epochs);
        for (var i = 1; i <= Points; i++)
        {
            var iteration = i == Points ? spec.Iterations : (long)i * every;
            var tokens = iteration * spec.TokensPerIteration;
            var ideal = E + A / Math.Pow(spec.Shape.Parameters, Alpha) + B / Math.Pow(tokens * repeatDiscount, Beta);
            var noise = Math.Exp(0.01 * Gaussian(random));
            var loss = ideal * noise;
            curve.Add(new CurvePoint(iteration, tokens, 6.0 * spec.Shape.Parameters * tokens, loss * 1.01, loss, spec.LearningRate, iteration * 0.001, 1e6));
        }
        return curve;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// A Chinchilla-like study of about <paramref name="runs"/> finished runs: 80% one-epoch, no-dropout runs on an
    /// IsoFLOP grid (5 budgets × 8 sizes × seeds), 20% M(2) twins of the first of them (speedups).
    /// </summary>
    public static IReadOnlyList<FinishedRun> Grid(int runs, string source = "grid")
    {
        int[] dModels = [32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536];
        const int budgets = 5, sizes = 8;
        var single = runs * 4 / 5;
        var seeds = Math.Max(1, single / (budgets * sizes));
        var specs = new List<RunSpec>();
        for (var b = 0; b < budgets; b++)
        {
            var largest = Shape(dModels[b + sizes - 1]);
            var budget = 6.0 * largest.Parameters * 2048 * 200; // the budget's largest size trains 200 iterations
            for (var s = 0; s < sizes; s++)
                for (var seed = 1; seed <= seeds; seed++)
                {
                    var shape = Shape(dModels[b + s]);
                    var iterations = (int)Math.Round(budget / (6.0 * shape.Parameters * 2048));
                    specs.Add(new RunSpec(shape, BatchSize: 16, Iterations: iterations, Seed: seed, Evaluations: Points));
                }
        }
        specs = specs.Take(single).ToList();
        var multi = specs.Take(runs - specs.Count).Select(s => s with { Epochs = 2 }).ToList();
        return specs.Concat(multi).Select((spec, i) =>
                new FinishedRun($"{source}-run-{i:D4}", $"d{spec.Shape.DModel}-it{spec.Iterations}-{spec.Regime}-seed{spec.Seed}", spec, Curve(spec)) { Source = source })
            .ToList();
    }

    private static ModelShape Shape(int dModel) => new(dModel, Layers: 4, Heads: 4, Context: 128, Vocab: 256);
}

/// <summary>An instant trainer that reports <see cref="ScaleData.Curve"/>'s 100 points for any spec.</summary>
public sealed class ScaleTrainer : IRunTrainer
{
    private long _lastFinished;

    /// <summary>When the last Train call returned (Stopwatch timestamp).</summary>
    public long LastFinished => Interlocked.Read(ref _lastFinished);

    public TrainingResult Train(RunSpec spec, TrainingEnvironment environment, string? resumeFrom, ITrainingListener? listener, CancellationToken cancellationToken)
    {
        var curve = ScaleData.Curve(spec);
        TrainingCounters counters = new(0, 0, 0, 0, 0);
        foreach (var point in curve)
        {
            counters = new TrainingCounters(point.Iteration, point.Tokens, point.Tokens / spec.Epochs, point.WallSeconds, 0);
            listener?.OnEvaluation(point, counters);
            listener?.OnProgress(counters);
        }
        Interlocked.Exchange(ref _lastFinished, System.Diagnostics.Stopwatch.GetTimestamp());
        var last = curve[^1].TestLoss;
        return new TrainingResult(spec, spec.Shape.Parameters, spec.Shape.FlopsPerToken, curve, counters, last, curve.Min(p => p.TestLoss));
    }
}
