using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Tests.Analysis.Bootstrap;

/// <summary>
/// The bootstrap's intervals checked against known truth: seeded synthetic datasets drawn from L(N, D) with
/// multiplicative log-normal noise. Small datasets, few resamples and a short list of starts keep it fast; every
/// minimum still passes the convergence test.
/// </summary>
public class ParametricFitCoverageTests
{
    private static readonly ParametricLossFit Truth = new(E: 1.69, A: 406.4, Alpha: 0.34, B: 410.7, Beta: 0.28, 0, 0, 0);
    private const double Noise = 0.02;
    private const int Datasets = 100;
    private const int Resamples = 30;

    internal static List<LossObservation> Dataset(Random random, ParametricLossFit truth, double noise)
    {
        var rows = new List<LossObservation>();
        for (var i = 0; i < 5; i++)
        for (var j = 0; j < 4; j++)
        {
            var n = Math.Pow(10, 6 + 0.6 * i);
            var d = Math.Pow(10, 8 + 0.8 * j);
            rows.Add(new LossObservation(n, d, truth.Loss(n, d) * Math.Exp(noise * Resampling.Gaussian(random))));
        }
        return rows;
    }

    private sealed record Outcome(bool[] Covered, int Inside, int Predicted, double Sd = 0);

    private static Outcome One(int dataset)
    {
        var random = new Random(1000 + dataset);
        var rows = Dataset(random, Truth, Noise);
        var fit = ParametricFitAnalysis.Fit(rows, ParametricFitBootstrap.OtherStarts);
        var boot = ParametricFitBootstrap.Run(rows, fit, Resamples, seed: dataset, otherStarts: []);
        double?[][] intervals = [boot.E, boot.A, boot.Alpha, boot.B, boot.Beta];
        double[] truth = [Truth.E, Truth.A, Truth.Alpha, Truth.B, Truth.Beta];
        var covered = intervals.Select((iv, k) => iv[0] <= truth[k] && truth[k] <= iv[1]).ToArray();
        var sd = FitResiduals.RunScatter(fit, rows);
        var inside = 0;
        for (var k = 0; k < 4; k++)
        {
            // A fresh run inside the measured range, with its own noise.
            var n = Math.Pow(10, 6 + 2.4 * random.NextDouble());
            var d = Math.Pow(10, 8 + 2.4 * random.NextDouble());
            var measured = Truth.Loss(n, d) * Math.Exp(Noise * Resampling.Gaussian(random));
            var p = LossPredictor.Predict(fit, boot.Samples, sd, n, d, rows.Count);
            if (p.Interval[0] <= measured && measured <= p.Interval[1]) inside++;
        }
        return new Outcome(covered, inside, 4, sd);
    }

    [Fact]
    public void Intervals_cover_the_true_parameters_and_held_out_runs_at_about_the_nominal_rate()
    {
        var outcomes = Enumerable.Range(0, Datasets).Select(One).ToList();

        string[] names = ["E", "A", "alpha", "B", "beta"];
        var rates = names.Select((_, k) => outcomes.Count(o => o.Covered[k]) / (double)Datasets).ToArray();
        var predicted = outcomes.Sum(o => o.Inside) / (double)outcomes.Sum(o => o.Predicted);
        var summary = string.Join(", ", names.Select((n, k) => $"{n} {rates[k]:P0}")) + $"; held-out {predicted:P0} sd {outcomes.Average(o => o.Sd):F4}";
        // The floor a 95% method passes at 99.9% with 100 datasets (about 88%; a dataset's 4 fresh runs share its fit,
        // so the predictions count as 100 datasets, not 400); at most 99%, as before.
        var floor = Math.Max(0.85, Coverage.Band(Datasets).Lo);
        Assert.True(rates.All(r => r >= floor && r <= 0.99) && predicted >= floor && predicted <= 0.99, $"coverage out of [{floor:P0}, 99%]: {summary}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_samples()
    {
        var rows = Dataset(new Random(7), Truth, Noise);
        var fit = ParametricFitAnalysis.Fit(rows, ParametricFitBootstrap.OtherStarts);
        var first = ParametricFitBootstrap.Run(rows, fit, 20, seed: 5, otherStarts: []);
        var second = ParametricFitBootstrap.Run(rows, fit, 20, seed: 5, otherStarts: []);
        var other = ParametricFitBootstrap.Run(rows, fit, 20, seed: 6, otherStarts: []);

        Assert.Equal(first.Samples, second.Samples);
        Assert.NotEqual(first.Samples, other.Samples);
        Assert.Equal(0, first.Unconverged);
    }
}
