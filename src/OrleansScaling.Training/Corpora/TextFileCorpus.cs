namespace OrleansScaling.Training.Corpora;

/// <summary>
/// Plain text files, one sentence (or paragraph) per line: a folder of .txt files, or LM1B's layout (extension-less
/// shards such as news.en-00001-of-00100). With LM1B's heldout folder present, its first shard is the test set.
/// </summary>
public sealed class TextFileCorpus(string name, IReadOnlyList<string> trainFiles, IReadOnlyList<string>? heldOutFiles) : ICorpus
{
    public string Name { get; } = name;

    public IReadOnlyList<string> SourceFiles { get; } = [.. trainFiles, .. heldOutFiles ?? []];

    public IEnumerable<string> ReadLines() => ReadNonBlankLines(trainFiles);

    public IEnumerable<string>? ReadHeldOutLines() => heldOutFiles is null ? null : ReadNonBlankLines(heldOutFiles);

    internal static IEnumerable<string> ReadNonBlankLines(IEnumerable<string> files) =>
        files.SelectMany(File.ReadLines).Where(line => !string.IsNullOrWhiteSpace(line));
}
