using OrleansScaling.Contracts;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Corpora;

namespace OrleansScaling.Grains.Workers;

/// <summary>The corpora the live silos' worker slots offer, and the launch rules: a sweep's corpus must be one of them, and large enough.</summary>
public static class CorporaOnOffer
{
    public static async Task<IReadOnlyList<CorpusOffer>> ListAsync(IGrainFactory grains) =>
        await ListAsync(grains, (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys);

    /// <summary>What <paramref name="liveSilos"/> offer, for a caller that has just read the membership itself.</summary>
    public static async Task<IReadOnlyList<CorpusOffer>> ListAsync(IGrainFactory grains, IEnumerable<SiloAddress> liveSilos)
    {
        var offers = await Task.WhenAll(liveSilos.Select(silo => grains.GetGrain<ISiloCorporaGrain>(silo.ToParsableString()).Offers()));
        return offers.SelectMany(o => o).DistinctBy(o => (o.Name, o.Fingerprint)).ToList();
    }

    /// <summary>
    /// The offers of <paramref name="corpus"/> (one per distinct content); throws an <see cref="ArgumentException"/> for
    /// "corpus" listing what is on offer when no slot offers it.
    /// </summary>
    public static async Task<IReadOnlyList<CorpusOffer>> RequireAsync(IGrainFactory grains, string corpus)
    {
        var offers = await ListAsync(grains);
        var wanted = CorpusOffers.Normalize(corpus);
        var matching = offers.Where(o => o.Name == wanted).ToList();
        if (matching.Count > 0) return matching;
        var list = offers.Count == 0 ? "nothing (no silo has worker slots, or they are still starting)" : string.Join(", ", offers.Select(o => o.Name).Distinct());
        throw new ArgumentException($"no worker slot offers corpus \"{corpus}\"; on offer: {list}. A folder must lie in " +
            $"{Hosting.WorkerOptions.Section}:CorpusRoots on the silos (docs/configuration.md).", "corpus");
    }

    /// <summary>
    /// The launch rule for corpus size: every run of <paramref name="plan"/> must find enough unique training tokens in
    /// the corpus under its tokenizer (<see cref="CorpusCapacity"/>), judged by the smallest count any offer of it gives
    /// (a run may be scheduled on any slot that offers it). A tokenizer no offer counted is not checked here; the worker
    /// still refuses such a run before training. Throws an <see cref="ArgumentException"/> for "iterations".
    /// </summary>
    public static void RequireLargeEnough(SweepPlan plan, IReadOnlyList<CorpusOffer> offers)
    {
        var tokenizer = plan.Request.Tokenizer;
        var counts = offers.Select(o => o.TrainTokens is { } tokens && tokens.TryGetValue(tokenizer, out var n) ? n : (long?)null).OfType<long>().ToList();
        if (counts.Count == 0) return;
        CorpusCapacity.Check(plan, plan.Request.Corpus, counts.Min());
    }
}
