using OrleansScaling.Dashboard.Charts;

namespace OrleansScaling.Dashboard.Tests.Charts;

public sealed class DownsamplerTests
{
    [Fact]
    public void Tens_of_thousands_of_points_become_the_threshold_keeping_both_ends()
    {
        var points = Enumerable.Range(1, 50_000).Select(i => new ChartPoint(i, 6 * Math.Pow(i, -0.3))).ToList();
        var sampled = Downsampler.Lttb(points, 400);
        Assert.Equal(400, sampled.Count);
        Assert.Equal(points[0], sampled[0]);
        Assert.Equal(points[^1], sampled[^1]);
        Assert.True(sampled.Zip(sampled.Skip(1)).All(pair => pair.First.X < pair.Second.X), "x stays in order");
    }

    [Fact]
    public void A_single_spike_survives_downsampling()
    {
        var points = Enumerable.Range(0, 10_000).Select(i => new ChartPoint(i, i == 6_543 ? 100 : 1)).ToList();
        Assert.Contains(new ChartPoint(6_543, 100), Downsampler.Lttb(points, 100));
    }

    [Fact]
    public void Short_series_are_returned_as_they_are()
    {
        var points = Enumerable.Range(0, 10).Select(i => new ChartPoint(i, i)).ToList();
        Assert.Same(points, Downsampler.Lttb(points, 400));
    }
}
