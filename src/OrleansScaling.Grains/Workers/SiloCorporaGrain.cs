using System.Collections.Immutable;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Hosting;

namespace OrleansScaling.Grains.Workers;

/// <summary>What one silo's worker slots offer (key: the silo's address); written by that silo when it starts.</summary>
public interface ISiloCorporaGrain : IGrainWithStringKey
{
    Task Advertise(IReadOnlyList<CorpusOffer> corpora);
    Task<IReadOnlyList<CorpusOffer>> Offers();
}

[GenerateSerializer, Immutable]
public sealed record SiloCorporaState([property: Id(0)] ImmutableList<CorpusOffer> Corpora)
{
    public SiloCorporaState() : this([]) { }
}

/// <summary>One silo's corpora on offer. Persistent, so the grain may move; a dead silo's entry is simply never read.</summary>
public sealed class SiloCorporaGrain(
    [PersistentState("corpora", StorageNames.Provider)] IPersistentState<SiloCorporaState> state) : Grain, ISiloCorporaGrain
{
    Task ISiloCorporaGrain.Advertise(IReadOnlyList<CorpusOffer> corpora)
    {
        state.State = new SiloCorporaState([.. corpora]);
        return state.WriteStateAsync();
    }

    Task<IReadOnlyList<CorpusOffer>> ISiloCorporaGrain.Offers() => Task.FromResult<IReadOnlyList<CorpusOffer>>(state.State.Corpora);
}
