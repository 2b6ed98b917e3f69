using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Tests.Analysis;

public class IsoFlopAnalysisTests
{
    /// <summary>At budget PT = K, a loss exactly parabolic in ln N with its minimum at N* = sqrt(K/5): T*/N* = 5.</summary>
    private static IEnumerable<LossObservation> Profile(double product, double curvature)
    {
        var optimum = Math.Log(Math.Sqrt(product / 5));
        foreach (var ratio in new[] { 0.5, 1.5, 5, 15, 50 })
        {
            var n = Math.Sqrt(product / ratio);
            yield return new LossObservation(n, product / n, 2 + curvature * Math.Pow(Math.Log(n) - optimum, 2), Budget: 6 * product);
        }
    }

    [Fact]
    public void Parabolas_find_each_budget_optimum_and_the_scaling_exponents()
    {
        var result = IsoFlopAnalysis.Compute(Profile(1e12, 0.1).Concat(Profile(1e14, 0.05)).ToList());

        var (small, large) = (result.Budgets[0], result.Budgets[1]);
        Assert.Equal(6e12, small.Budget);
        Assert.Equal(Math.Sqrt(1e12 / 5), small.OptimalParams, 1e-3);
        Assert.Equal(5, small.TokensPerParam, 9);
        Assert.Equal(2, small.MinimumLoss, 12);
        Assert.Equal(1, small.R2, 12);
        Assert.True(small.Bracketed);
        Assert.Equal(Math.Sqrt(5 * 1e14), large.OptimalTokens, 1e-1);
        // N* = sqrt(C/30) at every budget: both exponents are 1/2.
        Assert.Equal(0.5, result.ParamsExponent!.Value, 9);
        Assert.Equal(0.5, result.TokensExponent!.Value, 9);
    }

    [Fact]
    public void A_profile_without_a_minimum_or_without_budgets_is_refused()
    {
        var concave = Profile(1e12, -0.1).ToList();
        Assert.Contains("no minimum", Assert.Throws<ArgumentException>(() => IsoFlopAnalysis.Compute(concave)).Message);
        var noBudget = concave.Select(r => r with { Budget = double.NaN }).ToList();
        Assert.Equal("budget", Assert.Throws<ArgumentException>(() => IsoFlopAnalysis.Compute(noBudget)).ParamName);
        Assert.Contains("at least 3", Assert.Throws<ArgumentException>(() => IsoFlopAnalysis.Compute(concave.Take(2).ToList())).Message);
    }

    [Fact]
    public void The_loss_table_reader_names_file_line_and_column()
    {
        var rows = LossTableCsv.Read(new StringReader("Loss,params,tokens,budget\n2.5,1e6,5e6,3e13\n"), "t.csv");
        Assert.Equal(new LossObservation(1e6, 5e6, 2.5, 3e13), rows[0]);
        var e = Assert.Throws<CurveFileException>(() => LossTableCsv.Read(new StringReader("params,tokens,loss\n1e6,-5,2\n"), "t.csv"));
        Assert.Equal((2, "tokens"), (e.Line, e.Column));
        Assert.Contains("positive", e.Message);
    }
}
