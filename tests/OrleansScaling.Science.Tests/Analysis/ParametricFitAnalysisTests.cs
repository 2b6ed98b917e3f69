using System.Diagnostics;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Tests.Analysis;

public class ParametricFitAnalysisTests
{
    // Hoffmann et al. (2022)'s fitted values, used as the truth to recover.
    private static readonly ParametricLossFit Truth = new(E: 1.69, A: 406.4, Alpha: 0.34, B: 410.7, Beta: 0.28, 0, 0, 0);

    private static List<LossObservation> Grid(Func<double, double, double> loss)
    {
        var rows = new List<LossObservation>();
        for (var i = 0; i < 7; i++)
        for (var j = 0; j < 7; j++)
        {
            var n = Math.Pow(10, 6 + 0.5 * i);
            var d = Math.Pow(10, 8 + 0.5 * j);
            rows.Add(new LossObservation(n, d, loss(n, d)));
        }
        return rows;
    }

    [Fact]
    public void The_fit_recovers_known_parameters_from_exact_synthetic_losses()
    {
        var fit = ParametricFitAnalysis.Fit(Grid(Truth.Loss));

        Assert.Equal(1.69, fit.E, 3);
        Assert.Equal(0.34, fit.Alpha, 3);
        Assert.Equal(0.28, fit.Beta, 3);
        Assert.InRange(fit.A / 406.4, 0.99, 1.01);
        Assert.InRange(fit.B / 410.7, 0.99, 1.01);
        Assert.Equal(5 * 5 * 5 * 6 * 6, fit.Starts);
    }

    [Fact]
    public void Optimal_params_and_tokens_minimize_the_loss_along_the_budget()
    {
        const double flops = 5.76e23; // Chinchilla's budget
        var n = Truth.OptimalParams(flops);
        var d = Truth.OptimalTokens(flops);
        Assert.Equal(flops / 6, n * d, flops * 1e-12);
        foreach (var factor in new[] { 0.9, 0.99, 1.01, 1.1 })
            Assert.True(Truth.Loss(n * factor, d / factor) > Truth.Loss(n, d));
        // With these constants N_opt grows as C^(β/(α+β)) = C^0.4516.
        Assert.Equal(0.28 / 0.62, Math.Log(Truth.OptimalParams(1e24) / Truth.OptimalParams(1e22)) / Math.Log(100), 12);
        Assert.Equal(d / n, Truth.OptimalTokensPerParam(flops), 9);
    }

    [Fact]
    public void Too_few_runs_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ParametricFitAnalysis.Fit(Grid(Truth.Loss).Take(4).ToList()));
        Assert.Contains("at least 5 runs", e.Message);
    }
}
