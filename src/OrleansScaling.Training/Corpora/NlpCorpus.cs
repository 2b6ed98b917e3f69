using System.Text.Json;

namespace OrleansScaling.Training.Corpora;

/// <summary>The npm nlp-corpus 4.4.0 package: builds/doc-*.json, each a JSON array of sentences (100,000 in all).</summary>
public sealed class NlpCorpus(string packageDirectory) : ICorpus
{
    public string Name => "nlp";

    // Numeric order (doc-2 before doc-10) so the line order does not depend on how names sort.
    public IReadOnlyList<string> SourceFiles { get; } = Directory.GetFiles(Path.Combine(packageDirectory, "builds"), "doc-*.json")
        .OrderBy(f => int.TryParse(Path.GetFileNameWithoutExtension(f)["doc-".Length..], out int n) ? n : int.MaxValue)
        .ThenBy(f => f, StringComparer.Ordinal)
        .ToArray();

    public IEnumerable<string> ReadLines()
    {
        foreach (string file in SourceFiles)
        {
            string[] sentences = JsonSerializer.Deserialize<string[]>(File.ReadAllText(file))
                ?? throw new InvalidDataException($"{file} is not a JSON array of sentences.");
            foreach (string sentence in sentences)
                if (!string.IsNullOrWhiteSpace(sentence)) yield return sentence.ReplaceLineEndings(" ");
        }
    }

    public IEnumerable<string>? ReadHeldOutLines() => null;
}
