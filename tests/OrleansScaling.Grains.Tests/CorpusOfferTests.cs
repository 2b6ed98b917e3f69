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
}
