using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Tests.Analysis;

public class SpeedupAnalysisTests
{
    private static double SingleEpoch(long i) => 6 * Math.Pow(i, -0.25);

    [Fact]
    public void Speedup_is_M_best_iteration_over_the_log_log_interpolated_iteration_where_S_reaches_that_loss()
    {
        // S is an exact power law sampled every 100 iterations, so log-log interpolation is exact:
        // S reaches L* = 6·2050^(−0.25) at iteration 2050, between its evaluations at 2000 and 2100.
        var target = SingleEpoch(2050);
        var s = Synthetic.Curve(Synthetic.Every(100, 10_000), SingleEpoch);
        var m = Synthetic.Curve(Synthetic.Every(500, 10_000), i => target + 1e-4 * Math.Pow((i - 6000) / 1000.0, 2));

        var result = SpeedupAnalysis.Compute(s, m);

        Assert.Equal(6000, result.MultiEpochBestIteration);
        Assert.Equal(target, result.MultiEpochBestLoss);
        Assert.Equal(2050, result.SingleEpochIterationToReach!.Value, 9);
        Assert.Equal(6000 / 2050.0, result.Speedup!.Value, 12);
    }

    [Fact]
    public void Speedup_is_null_when_S_never_reaches_M_best_loss()
    {
        var s = Synthetic.Curve(Synthetic.Every(100, 1000), SingleEpoch);
        var m = Synthetic.Curve(Synthetic.Every(100, 1000), i => SingleEpoch(i) * 0.9);

        var result = SpeedupAnalysis.Compute(s, m);

        Assert.Null(result.Speedup);
        Assert.Null(result.SingleEpochIterationToReach);
        Assert.Equal(1000, result.MultiEpochBestIteration);
    }

    [Fact]
    public void When_S_first_evaluation_already_beats_M_its_iteration_is_used()
    {
        var s = Synthetic.Curve(Synthetic.Every(100, 1000), i => 1.0);
        var m = Synthetic.Curve(Synthetic.Every(100, 1000), i => 2.0 - i / 10_000.0);
        Assert.Equal(10, SpeedupAnalysis.Compute(s, m).Speedup);
    }

    [Fact]
    public void Empty_unsorted_or_nonpositive_curves_are_refused_naming_the_curve()
    {
        var good = Synthetic.Curve(Synthetic.Every(100, 1000), SingleEpoch);
        Assert.Equal("single", Assert.Throws<ArgumentException>(() => SpeedupAnalysis.Compute([], good)).ParamName);
        var unsorted = good.Reverse().ToList();
        Assert.Contains("not sorted", Assert.Throws<ArgumentException>(() => SpeedupAnalysis.Compute(good, unsorted)).Message);
        var nan = good.Select((p, k) => k == 3 ? p with { TestLoss = double.NaN } : p).ToList();
        Assert.Equal("multi", Assert.Throws<ArgumentException>(() => SpeedupAnalysis.Compute(good, nan)).ParamName);
        IReadOnlyList<CurvePoint> onlyZero = [new CurvePoint(0, 0, 0, 5, 5, 0, 0, 0)];
        Assert.Contains("after iteration 0", Assert.Throws<ArgumentException>(() => SpeedupAnalysis.Compute(onlyZero, good)).Message);
    }
}
