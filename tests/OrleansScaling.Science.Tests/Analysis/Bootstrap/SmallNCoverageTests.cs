using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;
using Xunit.Abstractions;

namespace OrleansScaling.Science.Tests.Analysis.Bootstrap;

/// <summary>
/// Issue 18, item 3: each interval checked by simulation where n is small, against a band the number of datasets
/// supports (<see cref="Coverage.Accepted"/>: the observed coverage must be consistent, at 99.9%, with a true coverage
/// between 95% and 99.5%; with 200 datasets that is [89.5%, 100%], with 2,000 [93.5%, 100%]). The full table in docs/science.md comes from
/// <see cref="Table"/> with more datasets.
/// </summary>
public class SmallNCoverageTests(ITestOutputHelper output)
{
    private const int Datasets = 200;

    private void Check(string what, Coverage.Result result)
    {
        var (lo, hi) = Coverage.Accepted(result.Datasets);
        output.WriteLine($"{what}: {result}; band [{lo:P1}, {hi:P1}]");
        Assert.True(result.Rate >= lo && result.Rate <= hi, $"{what}: {result}, outside [{lo:P1}, {hi:P1}]");
    }

    [Fact]
    public void The_band_is_the_binomial_range_of_a_95_percent_method()
    {
        var (lo, hi) = Coverage.Band(200);
        Assert.InRange(lo, 0.89, 0.905); // 190 − 3.3·3.08 of 200
        Assert.Equal(0.99, hi);
        var (lo2, hi2) = Coverage.Band(2000);
        Assert.InRange(lo2, 0.93, 0.94);
        Assert.InRange(hi2, 0.96, 0.97);
        Assert.Equal((lo, 1.0), Coverage.Accepted(200));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Speedup_intervals_over_few_seeds_cover_the_mean_speedup(int seeds) =>
        Check($"speedup, {seeds} seeds", Coverage.Speedups(seeds, Datasets));

    [Fact]
    public void A_percentile_bootstrap_over_two_seeds_would_not_cover()
    {
        // The old method's interval over two seeds was at most their range; the range of two draws covers the mean
        // about half the time. This is why the interval is a t interval (docs/science.md).
        var truth = Coverage.SpeedupTruth;
        var covered = Enumerable.Range(0, Datasets).Count(d =>
        {
            var random = new Random(10_000 + d);
            var values = Enumerable.Range(0, 2).Select(_ => Coverage.SpeedupPair(random, Coverage.SpeedupGrid))
                .Select(p => SpeedupAnalysis.Compute(p.S, p.M).Speedup!.Value).ToArray();
            return values.Min() <= truth && truth <= values.Max();
        });
        Assert.InRange(covered / (double)Datasets, 0.3, 0.7);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    public void IsoFlop_optimum_intervals_over_few_runs_cover_the_true_optimum(int runs, bool runNoise) =>
        Check($"IsoFLOP optimum, {runs} runs{(runNoise ? " with their evaluation noise" : "")}", Coverage.IsoFlop(runs, Datasets, runNoise));

    [Fact]
    public void A_budget_of_3_runs_without_their_noise_gets_no_interval_and_says_why()
    {
        var (runs, _) = Coverage.IsoFlopBudgetRuns(new Random(1), 3, runNoise: false);

        var interval = IsoFlopBootstrap.Run(runs, 200, 1).Single();

        Assert.Null(interval.OptimalParamsInterval);
        Assert.Null(interval.TokensPerParamInterval);
        Assert.Equal(3, interval.Basis!.N);
        Assert.Contains("no interval", interval.Basis.Note);
    }

    [Fact]
    public void An_unbracketed_budget_of_3_runs_like_isoflop_small_is_open_on_its_extrapolated_side_never_zero_width()
    {
        // Three sizes whose loss still falls at the largest: the parabola's minimum lies beyond it (the isoflop-small
        // preset showed 56.82 k params "(extrapolated)" with the interval [56.82 k, 56.82 k]).
        double[] sizes = [14_000, 28_000, 42_000];
        double[] losses = [3.10, 2.95, 2.92];
        var runs = sizes.Select((n, i) => new LossObservation(n, 1e13 / 6 / n, losses[i], 1e13, LossSd: 0.005)).ToList();
        var fit = IsoFlopAnalysis.Compute(runs).Budgets.Single();
        Assert.False(fit.Bracketed);
        Assert.True(fit.OptimalParams > sizes.Max());

        var interval = IsoFlopBootstrap.Run(runs, 200, 1).Single();

        Assert.NotNull(interval.OptimalParamsInterval);
        Assert.Null(interval.OptimalParamsInterval![1]); // open toward larger models
        Assert.True(interval.OptimalParamsInterval[0] is null || interval.OptimalParamsInterval[0] < fit.OptimalParams);
        Assert.Null(interval.TokensPerParamInterval![0]); // tokens/param falls toward larger models: open toward 0
        Assert.Contains("extrapolated", interval.Basis!.Note);
        Assert.Equal(IsoFlopBootstrap.RunNoiseMethod, interval.Basis.Method);

        var withoutNoise = IsoFlopBootstrap.Run(runs.Select(r => r with { LossSd = null }).ToList(), 200, 1).Single();
        Assert.Null(withoutNoise.OptimalParamsInterval);
        Assert.Contains("no interval", withoutNoise.Basis!.Note);
    }

    [Fact]
    public void One_seed_gets_only_the_grid_range_and_says_so_and_an_unreached_best_opens_the_lower_end()
    {
        var (s, m) = Coverage.SpeedupPair(new Random(3), Coverage.SpeedupGrid);
        var one = SpeedupBootstrap.Run([s], [m], 200, 1);
        Assert.Equal(1, one.Basis!.N);
        Assert.Contains("not a 95% interval", one.Basis.Note); // one seed: the grid's range only, and the note says so
        Assert.True(one.SpeedupInterval![0] < one.Speedup && one.Speedup < one.SpeedupInterval[1]);

        // S stops before it reaches M's best: its speedup is only bounded above.
        var shortS = s.Where(p => p.Iteration <= 60).ToList();
        var (s2, m2) = Coverage.SpeedupPair(new Random(4), Coverage.SpeedupGrid);
        var two = SpeedupBootstrap.Run([shortS, s2], [m, m2], 200, 1);
        Assert.Null(two.SpeedupInterval![0]);
        Assert.NotNull(two.SpeedupInterval[1]);
        Assert.Contains("never reached", two.Basis!.Note);
    }

    [Fact]
    public void Final_loss_noise_is_the_scatter_of_the_last_evaluations_about_their_trend()
    {
        var random = new Random(5);
        var estimates = Enumerable.Range(0, 200).Select(_ =>
        {
            var curve = Synthetic.CurveOf(Synthetic.Every(20, 400), i => 3 + 2 * Math.Pow(i, -0.5) + 0.01 * Resampling.Gaussian(random));
            return FinalLossNoise.Of(curve)!.Value;
        }).ToList();
        Assert.InRange(Math.Sqrt(estimates.Average(e => e * e)), 0.009, 0.011); // unbiased in variance (n − 2 dof)
        Assert.Null(FinalLossNoise.Of(Synthetic.CurveOf(Synthetic.Every(20, 100), i => 3.0))); // 5 evaluations: too few
    }

    [Fact]
    public void Prediction_intervals_use_t_quantiles_for_the_run_scatter_and_say_what_they_rest_on()
    {
        var truth = Coverage.Chinchilla;
        ParametricLossFit[] samples = [truth];
        var known = LossPredictor.Predict(truth, samples, 0.02, 1e8, 1e10);
        var eight = LossPredictor.Predict(truth, samples, 0.02, 1e8, 1e10, runs: 8);
        var five = LossPredictor.Predict(truth, samples, 0.02, 1e8, 1e10, runs: 5);

        double Width(LossPrediction p) => Math.Log(p.Interval[1]!.Value / p.Interval[0]!.Value);
        Assert.True(Width(eight) > 1.3 * Width(known)); // t with 3 dof: 3.18 against 1.96
        Assert.Equal(8, eight.Basis!.N);
        Assert.Null(eight.Basis.Note);
        Assert.Contains("unknown", known.Basis!.Note);
        Assert.Contains("no degrees of freedom", five.Basis!.Note);
    }

    /// <summary>
    /// The coverage table of docs/science.md: COVERAGE_TABLE=FILE writes it (markdown) there; otherwise nothing runs.
    /// `COVERAGE_TABLE=/tmp/coverage.md dotnet test tests/OrleansScaling.Science.Tests -c Release --filter Table`.
    /// </summary>
    [Fact]
    public void Table()
    {
        if (Environment.GetEnvironmentVariable("COVERAGE_TABLE") is not { Length: > 0 } path) return;
        const int many = 2000;
        var rows = new List<string>
        {
            "| interval | n | method | datasets | covered | open | absent | median width ÷ truth |",
            "|---|---|---|---|---|---|---|---|",
        };
        string Row(string what, int n, string method, Coverage.Result r) =>
            $"| {what} | {n} | {method} | {r.Datasets} | {r.Rate:P1} | {r.Open} | {r.Absent} | {(double.IsFinite(r.MedianRelativeWidth) ? r.MedianRelativeWidth.ToString("0.00") : "∞")} |";
        foreach (var seeds in new[] { 2, 3, 5 })
            rows.Add(Row("speedup (mean over seeds)", seeds, "t over seeds + grid", Coverage.Speedups(seeds, many)));
        rows.Add(Row("IsoFLOP N*", 3, "Fieller, run noise (t, 4 dof)", Coverage.IsoFlop(3, many, runNoise: true)));
        rows.Add(Row("IsoFLOP N*", 3, "no run noise given", Coverage.IsoFlop(3, many, runNoise: false)));
        foreach (var runs in new[] { 4, 5 })
            rows.Add(Row("IsoFLOP N*", runs, "Fieller, residuals (t, n − 3 dof)", Coverage.IsoFlop(runs, many, runNoise: false)));
        var (inside, predicted) = Coverage.FreshRuns(200, 30);
        rows.Add($"| fresh run inside the measured range | 20 | bootstrap fits × run scatter (t, 15 dof) | 200 (×4 runs) | {inside / (double)predicted:P1} | 0 | 0 | |");
        var (heldIn, heldOut) = Coverage.HeldOut(100, 30);
        rows.Add($"| held-out run (3 largest-compute of 20) | 17 | bootstrap fits × run scatter (t, 12 dof) | 100 (×3 runs) | {heldIn / (double)heldOut:P1} | 0 | 0 | |");
        File.WriteAllLines(path, rows);
        foreach (var row in rows) output.WriteLine(row);
    }
}
