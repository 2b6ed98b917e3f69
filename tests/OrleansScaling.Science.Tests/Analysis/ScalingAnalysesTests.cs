using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Tests.Analysis;

public class ScalingAnalysesTests
{
    private static readonly double[] Budgets = [1e13, 4e13, 1.6e14];

    /// <summary>
    /// Five sizes at each of three budgets, final losses from L = 1.8 + 200/N^0.3 + 200/D^0.3 with 1% seeded noise:
    /// α = β and A = B, so the compute-optimal size is N* = sqrt(C/6), inside each budget's sizes.
    /// </summary>
    private static List<FinishedRun> Runs()
    {
        var random = new Random(3);
        var runs = new List<FinishedRun>();
        foreach (var budget in Budgets)
            foreach (var d in new[] { 64, 128, 192, 256, 384 })
            {
                var shape = new ModelShape(d, 4, 4, 128, 256);
                var spec = new RunSpec(shape, 16, (int)Math.Round(budget / (6.0 * shape.Parameters * 2048)));
                double n = shape.Parameters, tokens = spec.TotalTokens;
                var loss = (1.8 + 200 / Math.Pow(n, 0.3) + 200 / Math.Pow(tokens, 0.3)) * Math.Exp(0.01 * Resampling.Gaussian(random));
                runs.Add(new FinishedRun($"r{runs.Count}", $"d{d}-{budget:G2}", spec,
                    [new CurvePoint(spec.Iterations, spec.TotalTokens, 6 * n * tokens, loss, loss, 1e-3, 0, 0)]));
            }
        return runs;
    }

    [Fact]
    public void Each_budget_gets_its_parabola_and_the_fits_their_line_and_held_out_check()
    {
        var runs = Runs();
        var scaling = AnalysisPipeline.Analyze(runs, new AnalysisSettings(20, 1, true));

        Assert.Equal(3, scaling.IsoFlop!.Count);
        foreach (var (profile, budget) in scaling.IsoFlop!.Zip(Budgets))
        {
            Assert.Equal(budget, profile.Fit.Budget, budget * 0.01);
            Assert.Equal(5, profile.Points.Count);
            Assert.InRange(profile.Fit.OptimalParams / Math.Sqrt(budget / 6), 0.7, 1.4);
            Assert.True(profile.OptimalParamsInterval is [{ } lo, { } hi] && lo <= profile.Fit.OptimalParams && profile.Fit.OptimalParams <= hi);
        }

        var line = Assert.IsType<ComputeOptimalLine>(scaling.ComputeOptimal);
        Assert.Equal(15, line.Runs);
        Assert.Equal(Budgets[0], line.Line[0][0], 1e11);
        Assert.All(line.Line, r => Assert.InRange(r[1], r[2], r[3]));
        Assert.All(line.Line, r => Assert.InRange(r[1] / Math.Sqrt(r[0] / 6), 0.5, 2.0));

        var holdout = Assert.IsType<HeldOutCheck>(scaling.Holdout);
        Assert.Equal(Math.Sqrt(Budgets[1] * Budgets[2]), holdout.Above, holdout.Above * 0.01);
        Assert.Equal(10, holdout.FittedRuns);
        Assert.Equal(5, holdout.Rows.Count);
        Assert.All(holdout.Rows, r => Assert.Equal(r.Measured, r.Predicted, r.Measured * 0.05));
        Assert.False(scaling.FitsPending);
    }

    [Fact]
    public void Before_every_run_has_finished_only_the_parabolas_are_computed_and_a_note_says_so()
    {
        var scaling = AnalysisPipeline.Analyze(Runs(), new AnalysisSettings(20, 1, false));

        Assert.Equal(3, scaling.IsoFlop!.Count);
        Assert.Null(scaling.ComputeOptimal);
        Assert.Null(scaling.Holdout);
        Assert.True(scaling.FitsPending);
        Assert.Contains(scaling.Notes!, n => n.Contains("once every run has finished"));
    }

    [Fact]
    public void With_fewer_than_five_runs_no_fit_is_pending_and_a_note_says_why()
    {
        var scaling = AnalysisPipeline.Analyze(Runs().Where((_, i) => i % 5 == 0).ToList(), new AnalysisSettings(20, 1, false));

        Assert.Null(scaling.IsoFlop);
        Assert.False(scaling.FitsPending);
        Assert.Contains(scaling.Notes!, n => n.Contains("needs 5 one-epoch runs without dropout; 3 have succeeded"));
    }

    [Fact]
    public void Runs_within_five_percent_of_each_others_compute_share_one_budget()
    {
        var budgets = ComputeBudgets.Assign([new(1e6, 1e6, 3), new(1.03e6, 1e6, 3), new(2e6, 1e6, 3)]).Select(r => r.Budget).ToList();

        Assert.Equal(budgets[0], budgets[1]);
        Assert.Equal(6 * Math.Sqrt(1e12 * 1.03e12), budgets[0], 1e13 * 1e-12);
        Assert.Equal(1.2e13, budgets[2], 1e13 * 1e-12);
    }

    [Fact]
    public void The_band_of_a_power_law_holds_its_resampled_fits_and_spans_the_fitted_range()
    {
        var fit = new PowerLawFit(0.3, 6, 0.99, 10, 1000);
        var band = FitBands.PowerLaw(fit, [(0.29, 5.8), (0.30, 6.0), (0.31, 6.2)]);

        Assert.Equal(FitBands.Points, band.Count);
        Assert.Equal(10, band[0][0], 9);
        Assert.Equal(1000, band[^1][0], 9);
        Assert.All(band, r => Assert.InRange(6 * Math.Pow(r[0], -0.3), r[1], r[2]));
    }
}
