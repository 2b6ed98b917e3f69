using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Grains.Workers;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

/// <summary>A sweep may only name a corpus some live worker slot offers; anything else is refused before it is stored.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CorpusOfferTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_silos_offer_the_bundled_corpora_with_a_fingerprint()
    {
        var offers = await CorporaOnOffer.ListAsync(fixture.Grains);
        var bundled = Assert.Single(offers, o => o.Name == "bundled");
        Assert.Matches("^[0-9a-f]{16}$", bundled.Fingerprint);
        Assert.True(bundled.TrainTokens![TokenizerKind.Byte] > 10_000_000, $"{bundled.TrainTokens[TokenizerKind.Byte]:N0} byte tokens");
        // The cluster view (osc cluster, the Cluster page) shows the same list.
        var view = await fixture.Client.GetCluster();
        Assert.Equal(offers, view.Corpora);
    }

    [Theory]
    [InlineData("wikipedia")]
    [InlineData("../../etc")]
    [InlineData("/etc")]
    public async Task A_corpus_no_slot_offers_is_refused_at_launch_with_the_list_on_offer_and_nothing_stored(string corpus)
    {
        var before = await fixture.Client.ListExperiments();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.Client.LaunchSweep(
            new SweepRequest($"corpus-{Guid.NewGuid():N}", SweepKind.Recipe, P0: 3e5, T0: 1.5e6, BatchSize: 4, Context: 32, Corpus: corpus)));

        Assert.Equal("corpus", error.ParamName);
        Assert.Contains($"no worker slot offers corpus \"{corpus}\"; on offer: bundled, brown, nlp", error.Message);
        Assert.Contains("OrleansScaling:Workers:CorpusRoots", error.Message);
        Assert.Equal(before.Count, (await fixture.Client.ListExperiments()).Count);
    }

    [Fact]
    public async Task A_sweep_whose_one_epoch_runs_outgrow_the_corpus_is_refused_at_launch_naming_iterations_and_nothing_stored()
    {
        var before = await fixture.Client.ListExperiments();

        // The sweep: d64, 20,000 iterations of 8 × 64 byte tokens on Brown (5,858,752 usable at context 64).
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.Client.LaunchSweep(new SweepRequest(
            $"too-big-{Guid.NewGuid():N}", SweepKind.PaperComparison, DModels: [64], Iterations: 20_000, BatchSize: 8, Context: 64, Corpus: "brown")));

        Assert.Equal("iterations", error.ParamName);
        Assert.Contains("needs 10,240,000 unique training tokens", error.Message);
        Assert.Contains("holds 5,858,752 (byte tokenizer)", error.Message);
        Assert.Contains("Set iterations to at most 11,442", error.Message);
        Assert.Equal(before.Count, (await fixture.Client.ListExperiments()).Count);
    }
}
