using OrleansScaling.Training.Sampling;

namespace OrleansScaling.Training.Tests;

public class SamplerTests
{
    [Fact]
    public void S_never_repeats_a_window_over_the_whole_run()
    {
        var sampler = new WindowSampler(windowCount: 1000, totalDraws: 1000, epochs: 1, seed: 5);
        long[] drawn = Enumerable.Range(0, 1000).Select(_ => sampler.Next()).ToArray();
        Assert.Equal(1000, drawn.Distinct().Count());
        Assert.All(drawn, w => Assert.InRange(w, 0, 999));
        Assert.Equal(sampler.Position, sampler.UniqueDrawn);
    }

    [Fact]
    public void M_sees_each_window_of_its_subset_exactly_E_times_reshuffled_each_epoch()
    {
        const int epochs = 4, draws = 800;
        var m = new WindowSampler(windowCount: 5000, totalDraws: draws, epochs, seed: 5);
        long[] drawn = Enumerable.Range(0, draws).Select(_ => m.Next()).ToArray();

        Assert.Equal(draws / epochs, m.SubsetSize);
        Assert.All(drawn.GroupBy(w => w), g => Assert.Equal(epochs, g.Count()));
        Assert.Equal(draws / epochs, m.UniqueDrawn);
        Assert.NotEqual(drawn[..200], drawn[200..400]); // a new order each epoch, same windows
        Assert.Equal(drawn[..200].Order(), drawn[200..400].Order());
    }

    [Fact]
    public void M_subset_is_the_first_part_of_what_S_with_the_same_seed_would_see()
    {
        var s = new WindowSampler(5000, 800, 1, seed: 9);
        var m = new WindowSampler(5000, 800, 4, seed: 9);
        long[] sWindows = Enumerable.Range(0, 800).Select(_ => s.Next()).ToArray();
        long[] mWindows = Enumerable.Range(0, 200).Select(_ => m.Next()).ToArray();
        Assert.Equal(sWindows[..200], mWindows);
    }

    [Fact]
    public void A_sampler_set_to_a_position_continues_exactly_as_one_that_drew_up_to_it()
    {
        var uninterrupted = new WindowSampler(3000, 900, 3, seed: 2);
        long[] all = Enumerable.Range(0, 900).Select(_ => uninterrupted.Next()).ToArray();
        var resumed = new WindowSampler(3000, 900, 3, seed: 2) { Position = 450 };
        Assert.Equal(all[450..], Enumerable.Range(0, 450).Select(_ => resumed.Next()).ToArray());
    }

    [Fact]
    public void Too_few_windows_for_the_regime_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new WindowSampler(windowCount: 99, totalDraws: 100, epochs: 1, seed: 1));
        _ = new WindowSampler(windowCount: 50, totalDraws: 100, epochs: 2, seed: 1); // M(2) needs only half
    }
}
