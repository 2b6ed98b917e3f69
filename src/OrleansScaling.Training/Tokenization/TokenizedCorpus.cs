using System.Globalization;
using System.Text;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Corpora;
using OrleansScaling.Training.Sampling;

namespace OrleansScaling.Training.Tokenization;

/// <summary>
/// A corpus tokenized once into two memory-mapped token files, train and test, cached under the cache folder keyed by
/// corpus name, tokenizer, split and a hash of the source files' contents: later runs map the files and start at once.
/// Lines are split, not tokens: a line goes wholly to train or wholly to test, chosen by a seeded hash of its index,
/// so no text the model is tested on is ever trained on. (A corpus with its own held-out set, LM1B, uses that.)
/// </summary>
public sealed class TokenizedCorpus : IDisposable
{
    /// <summary>Share of lines held out for testing when the corpus has no held-out set of its own.</summary>
    public const double TestFraction = 0.02;

    /// <summary>The split is the same for every run on a corpus (so test losses compare across runs), hence a fixed seed.</summary>
    public const ulong SplitSeed = 0x5EED_0F_7E57;

    private const int CacheFormatVersion = 1;

    private TokenizedCorpus(string directory, int vocabSize)
    {
        Directory = directory;
        VocabSize = vocabSize;
        Train = new TokenFile(System.IO.Path.Combine(directory, "train.u16"));
        Test = new TokenFile(System.IO.Path.Combine(directory, "test.u16"));
    }

    public string Directory { get; }
    public int VocabSize { get; }
    public TokenFile Train { get; }
    public TokenFile Test { get; }

    /// <summary>Opens the cached token files for this corpus and tokenizer, tokenizing first if no cache exists.</summary>
    public static TokenizedCorpus Open(ICorpus corpus, ITextTokenizer tokenizer, string cacheDirectory)
    {
        string directory = CacheFolder(corpus, tokenizer.Name, CorpusFingerprint.Of(corpus, CacheSalt, cacheDirectory), cacheDirectory);
        if (!File.Exists(System.IO.Path.Combine(directory, "done")))
            Build(corpus, tokenizer, directory);
        return new TokenizedCorpus(directory, tokenizer.VocabSize);
    }

    private static readonly string CacheSalt = $"v{CacheFormatVersion};split={SplitSeed};{TestFraction};";

    private static string CacheFolder(ICorpus corpus, string tokenizerName, string fingerprint, string cacheDirectory) =>
        System.IO.Path.Combine(cacheDirectory, "tokens", $"{Sanitize(corpus.Name)}-{tokenizerName}-{fingerprint}");

    /// <summary>
    /// The tokens in the corpus's training split under each tokenizer, where they are known cheaply: every tokenizer
    /// whose token cache is already built (its file's length), and the byte tokenizer always (one pass counting UTF-8
    /// bytes, remembered under the cache folder like the fingerprint). GPT-2 and corpus-BPE counts appear once a run
    /// has tokenized the corpus on this machine; counting them otherwise would mean tokenizing the whole corpus.
    /// </summary>
    public static IReadOnlyDictionary<TokenizerKind, long> TrainTokenCounts(ICorpus corpus, string cacheDirectory)
    {
        var counts = new Dictionary<TokenizerKind, long>();
        if (CorpusFingerprint.Remembered(corpus, CacheSalt, cacheDirectory) is { } fingerprint)
            foreach (var kind in Enum.GetValues<TokenizerKind>())
            {
                string directory = CacheFolder(corpus, TokenizerName(kind), fingerprint, cacheDirectory);
                if (File.Exists(System.IO.Path.Combine(directory, "done")))
                    counts[kind] = new FileInfo(System.IO.Path.Combine(directory, "train.u16")).Length / sizeof(ushort);
            }
        if (!counts.ContainsKey(TokenizerKind.Byte)) counts[TokenizerKind.Byte] = ByteCount(corpus, cacheDirectory);
        return counts;
    }

    /// <summary>The name a tokenizer's cache folders carry (<see cref="ITextTokenizer.Name"/>).</summary>
    public static string TokenizerName(TokenizerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Training tokens under the byte tokenizer: what <see cref="Build"/> would write, counted without writing it.</summary>
    private static long ByteCount(ICorpus corpus, string cacheDirectory)
    {
        // Keyed by the corpus's offer fingerprint (just computed, so remembered) and the split, which decide the count.
        string memo = System.IO.Path.Combine(cacheDirectory, "token-counts", string.Create(CultureInfo.InvariantCulture,
            $"{Sanitize(corpus.Name)}-byte-{CorpusFingerprint.Of(corpus, "", cacheDirectory)}-v{CacheFormatVersion}-split{SplitSeed:x}-{TestFraction}"));
        if (File.Exists(memo) && long.TryParse(File.ReadAllText(memo), CultureInfo.InvariantCulture, out long remembered)) return remembered;
        long count = 0;
        foreach (var (line, isTest) in SplitLines(corpus))
            if (!isTest) count += Encoding.UTF8.GetByteCount(line) + 1; // the line and its newline, as TokenWriter appends them
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(memo)!);
        string temporary = memo + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, count.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, memo, overwrite: true);
        return count;
    }

    /// <summary>Whether line <paramref name="index"/> of a corpus without its own held-out set belongs to the test split.</summary>
    public static bool IsTestLine(long index) =>
        SplitMix64.Hash(SplitSeed ^ (ulong)index) < (ulong)(TestFraction * ulong.MaxValue);

    /// <summary>
    /// Every line of the corpus with its split, training lines first: the corpus's own held-out lines are the test
    /// split when it has them, otherwise the lines <see cref="IsTestLine"/> picks.
    /// </summary>
    internal static IEnumerable<(string Line, bool IsTest)> SplitLines(ICorpus corpus)
    {
        IEnumerable<string>? heldOut = corpus.ReadHeldOutLines();
        long index = 0;
        foreach (string line in corpus.ReadLines())
            yield return (line, heldOut is null && IsTestLine(index++));
        foreach (string line in heldOut ?? []) yield return (line, true);
    }

    // Written to a temporary folder and renamed, so concurrent runs never see a half-written cache.
    private static void Build(ICorpus corpus, ITextTokenizer tokenizer, string directory)
    {
        string temporary = directory + ".tmp-" + Guid.NewGuid().ToString("N");
        System.IO.Directory.CreateDirectory(temporary);
        using (var train = new TokenWriter(System.IO.Path.Combine(temporary, "train.u16"), tokenizer))
        using (var test = new TokenWriter(System.IO.Path.Combine(temporary, "test.u16"), tokenizer))
        {
            foreach (var (line, isTest) in SplitLines(corpus))
                (isTest ? test : train).Append(line);
        }
        File.WriteAllText(System.IO.Path.Combine(temporary, "done"), corpus.Name);
        try
        {
            System.IO.Directory.Move(temporary, directory);
        }
        catch (IOException) when (File.Exists(System.IO.Path.Combine(directory, "done")))
        {
            System.IO.Directory.Delete(temporary, recursive: true); // another run finished the same cache first
        }
    }

    internal static string Sanitize(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }

    /// <summary>Appends each line's tokens and a newline, as 16-bit little-endian ids.</summary>
    private sealed class TokenWriter(string path, ITextTokenizer tokenizer) : IDisposable
    {
        private readonly BinaryWriter writer = new(new BufferedStream(File.Create(path), 1 << 20));
        private readonly List<ushort> tokens = [];

        public void Append(string line)
        {
            tokens.Clear();
            tokenizer.Encode(line + "\n", tokens);
            foreach (ushort token in tokens) writer.Write(token);
        }

        public void Dispose() => writer.Dispose();
    }
}
