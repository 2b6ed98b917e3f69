using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Science.Tests.Analysis;

public class FrontierAnalysisTests
{
    // The paper's sizes (d = 256, 512, 1024) and the tokens per iteration its Table 3 implies: d = 256 stops being
    // optimal at 30k iterations with 11.5 tokens per parameter, so c = 11.5 × 18M / 30,000 = 6,900.
    private const long C = 6900;
    private static readonly long[] Params = [18_000_000, 45_000_000, 128_000_000];

    [Fact]
    public void Table_3_arithmetic_implies_about_6900_tokens_per_iteration()
    {
        Assert.Equal(6900, 11.5 * 18e6 / 30_000, 9);
        // The next size takes over at the same FLOPs, i.e. at 30k × 18/45 = 12k iterations: 12k × 6900 / 45M = 1.84,
        // the paper's 1.8; and the overlap [1.8, 11.5] has the geometric mean √(1.8 × 11.5) ≈ 4.55, "about 5".
        Assert.Equal(1.8, 30_000 * 18.0 / 45 * C / 45e6, 1);
        Assert.Equal(4.55, Math.Sqrt(1.8 * 11.5), 2);
    }

    /// <summary>
    /// Three sizes whose losses are exact power laws in FLOPs, L_i = a_i·F^(−b_i), built so that size 1 and 2 cross at
    /// F12 (size 1 at 30,000 iterations) and sizes 2 and 3 at F23 (size 2 at 84,130 iterations): the Table 3 layout.
    /// </summary>
    [Fact]
    public void Power_law_curves_give_the_analytic_envelope_crossings_and_overlap()
    {
        var f12 = 6.0 * Params[0] * C * 30_000;
        var f23 = 6.0 * Params[1] * C * 84_130;
        double[] b = [0.30, 0.35, 0.40];
        var a = new double[3];
        a[0] = 1000;
        a[1] = a[0] * Math.Pow(f12, b[1] - b[0]);
        a[2] = a[1] * Math.Pow(f23, b[2] - b[1]);
        var curves = Enumerable.Range(0, 3).Select(k => new FrontierCurve(Params[k],
            Synthetic.Curve(Synthetic.Every(1000, 200_000), i => a[k] * Math.Pow(6.0 * Params[k] * C * i, -b[k]), Params[k], C))).ToList();

        var result = FrontierAnalysis.Compute(curves, C);

        var (s1, s2, s3) = (result.Sizes[0], result.Sizes[1], result.Sizes[2]);
        Assert.Equal(0, s1.OptimalIterations[0]);
        Assert.Equal(30_000, s1.OptimalIterations[1]!.Value, 6);
        Assert.Equal(11.5, s1.OptimalTokensPerParam[1]!.Value, 9);
        Assert.Equal(30_000 * 18.0 / 45, s2.OptimalIterations[0]!.Value, 6);
        Assert.Equal(84_130, s2.OptimalIterations[1]!.Value, 6);
        Assert.Equal(84_130 * 45.0 / 128, s3.OptimalIterations[0]!.Value, 6);
        Assert.Null(s3.OptimalIterations[1]);
        Assert.Null(s3.OptimalTokensPerParam[1]);

        var lower = 12_000.0 * C / 45e6;
        Assert.Equal(lower, result.Overlap[0]!.Value, 9);
        Assert.Equal(11.5, result.Overlap[1]!.Value, 9);
        Assert.Equal(Math.Sqrt(lower * 11.5), result.GeometricMean!.Value, 9);
    }

    [Fact]
    public void A_size_never_lowest_has_empty_ranges_and_is_left_out_of_the_overlap()
    {
        var low = new FrontierCurve(1_000_000, Synthetic.Curve(Synthetic.Every(100, 1000), i => 3 * Math.Pow(i, -0.1), 1_000_000));
        var high = new FrontierCurve(2_000_000, Synthetic.Curve(Synthetic.Every(100, 1000), i => 9 * Math.Pow(i, -0.1), 2_000_000));

        var result = FrontierAnalysis.Compute([high, low], 2048);

        Assert.Equal([1_000_000L, 2_000_000L], result.Sizes.Select(s => s.Params));
        Assert.Equal([0, null], result.Sizes[0].OptimalIterations);
        Assert.Empty(result.Sizes[1].OptimalIterations);
        Assert.Equal([0, null], result.Overlap);
        Assert.Null(result.GeometricMean);
    }

    [Fact]
    public void A_size_lower_from_its_first_evaluation_starts_there_and_not_at_zero()
    {
        // The larger model's first evaluation (iteration 1000) costs as many FLOPs as the smaller's iteration 2000.
        var small = new FrontierCurve(1_000_000, Synthetic.Curve(Synthetic.Every(100, 4000), i => 3 * Math.Pow(i, -0.1), 1_000_000));
        var large = new FrontierCurve(2_000_000, Synthetic.Curve(Synthetic.Every(100, 4000, first: 1000), i => 1.0, 2_000_000));

        var result = FrontierAnalysis.Compute([small, large], 2048);

        Assert.Equal(0, result.Sizes[0].OptimalIterations[0]);
        Assert.Equal(2000, result.Sizes[0].OptimalIterations[1]!.Value, 9);
        Assert.Equal(1000, result.Sizes[1].OptimalIterations[0]!.Value, 9);
        Assert.Null(result.Sizes[1].OptimalIterations[1]);
    }

    [Fact]
    public void Curves_that_never_overlap_in_flops_are_refused()
    {
        var small = new FrontierCurve(1_000_000, Synthetic.Curve(Synthetic.Every(100, 1000), i => 3.0, 1_000_000));
        var large = new FrontierCurve(2_000_000, Synthetic.Curve(Synthetic.Every(100, 4000, first: 1000), i => 1.0, 2_000_000));
        Assert.Contains("never overlap", Assert.Throws<ArgumentException>(() => FrontierAnalysis.Compute([small, large], 2048)).Message);
    }

    [Fact]
    public void Fewer_than_two_sizes_or_a_bad_tokens_per_iteration_are_refused()
    {
        var one = new FrontierCurve(1_000_000, Synthetic.Curve(Synthetic.Every(100, 1000), i => 3.0 / i));
        Assert.Equal("curves", Assert.Throws<ArgumentException>(() => FrontierAnalysis.Compute([one], 2048)).ParamName);
        Assert.Equal("tokensPerIteration", Assert.Throws<ArgumentException>(() => FrontierAnalysis.Compute([one, one], 0)).ParamName);
        Assert.Contains("one curve per model size", Assert.Throws<ArgumentException>(() => FrontierAnalysis.Compute([one, one], 2048)).Message);
    }
}
