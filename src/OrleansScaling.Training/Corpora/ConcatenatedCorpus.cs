namespace OrleansScaling.Training.Corpora;

/// <summary>Several corpora read one after another ("bundled" = brown then nlp).</summary>
public sealed class ConcatenatedCorpus(string name, IReadOnlyList<ICorpus> parts) : ICorpus
{
    public string Name { get; } = name;

    public IReadOnlyList<string> SourceFiles { get; } = parts.SelectMany(p => p.SourceFiles).ToArray();

    public IEnumerable<string> ReadLines() => parts.SelectMany(p => p.ReadLines());

    public IEnumerable<string>? ReadHeldOutLines() => null;
}
