namespace OrleansScaling.Contracts;

/// <summary>
/// A corpus a silo's worker slots can train on: a bundled name ("bundled", "brown", "nlp") or the full path of a folder
/// under the silo's OrleansScaling:Workers:CorpusRoots; its fingerprint is a hash of its files' names and contents,
/// so two silos offering the same name with different text can be told apart.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CorpusOffer([property: Id(0)] string Name, [property: Id(1)] string Fingerprint);
