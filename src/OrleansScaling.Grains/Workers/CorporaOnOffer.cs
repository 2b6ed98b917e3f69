using OrleansScaling.Contracts;
using OrleansScaling.Training.Corpora;

namespace OrleansScaling.Grains.Workers;

/// <summary>The corpora the live silos' worker slots offer, and the launch rule: a sweep's corpus must be one of them.</summary>
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

    /// <summary>Throws an <see cref="ArgumentException"/> for "corpus" listing what is on offer when no slot offers <paramref name="corpus"/>.</summary>
    public static async Task RequireAsync(IGrainFactory grains, string corpus)
    {
        var offers = await ListAsync(grains);
        var wanted = CorpusOffers.Normalize(corpus);
        if (offers.Any(o => o.Name == wanted)) return;
        var list = offers.Count == 0 ? "nothing (no silo has worker slots, or they are still starting)" : string.Join(", ", offers.Select(o => o.Name).Distinct());
        throw new ArgumentException($"no worker slot offers corpus \"{corpus}\"; on offer: {list}. A folder must lie in " +
            $"{Hosting.WorkerOptions.Section}:CorpusRoots on the silos (docs/configuration.md).", "corpus");
    }
}
