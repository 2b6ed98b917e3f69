using System.Collections.Immutable;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Contracts;

/// <summary>
/// A corpus a silo's worker slots can train on: a bundled name ("bundled", "brown", "nlp") or the full path of a folder
/// under the silo's OrleansScaling:Workers:CorpusRoots; its fingerprint is a hash of its files' names and contents,
/// so two silos offering the same name with different text can be told apart. <paramref name="TrainTokens"/>: the
/// tokens of its training split per tokenizer where the silo knows them cheaply (byte always; GPT-2 and corpus BPE
/// once a run has tokenized it there), which a launch checks one-epoch runs against; null from a silo that predates it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CorpusOffer(
    [property: Id(0)] string Name,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] ImmutableDictionary<TokenizerKind, long>? TrainTokens = null)
{
    /// <summary>Equal when name, fingerprint and every token count are (a dictionary alone compares by reference).</summary>
    public bool Equals(CorpusOffer? other) =>
        other is not null && Name == other.Name && Fingerprint == other.Fingerprint &&
        (TrainTokens ?? []).OrderBy(t => t.Key).SequenceEqual((other.TrainTokens ?? []).OrderBy(t => t.Key));

    public override int GetHashCode() => HashCode.Combine(Name, Fingerprint, TrainTokens?.Count ?? 0);
}
