namespace OrleansScaling.Training.Corpora;

/// <summary>
/// A text corpus as a stable sequence of lines (sentences or paragraphs). The engine splits it into train and
/// test by line, tokenizes once and caches the tokens; a corpus only has to read its files.
/// </summary>
public interface ICorpus
{
    /// <summary>Short label for cache folders and messages ("brown", "nlp", "lm1b:/data/lm1b", ...).</summary>
    string Name { get; }

    /// <summary>Every file the corpus reads, in a fixed order; their contents key the token cache.</summary>
    IReadOnlyList<string> SourceFiles { get; }

    /// <summary>All lines in a fixed order. Blank lines are skipped.</summary>
    IEnumerable<string> ReadLines();

    /// <summary>The corpus's own held-out lines (LM1B's heldout set), or null to hold out a seeded sample of <see cref="ReadLines"/>.</summary>
    IEnumerable<string>? ReadHeldOutLines();
}
