using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansScaling.Training.Corpora;

namespace OrleansScaling.Training.Tokenization;

/// <summary>
/// Byte-level BPE learned from the corpus itself (Sennrich et al. 2016, in GPT-2's byte-level form): ids 0–255 are
/// bytes, and each learned merge of two adjacent ids adds one id, until the vocabulary reaches its size.
/// Text is first split into words with GPT-2's pattern (a word keeps its leading space), and merges never cross words.
/// The merges are learned from the training split only (the test lines are never seen), are deterministic for a corpus,
/// and are cached beside the token files, so a run resumed on another silo encodes its corpus identically.
/// </summary>
public sealed partial class CorpusBpe
{
    /// <summary>At most this much training text (UTF-8 bytes) is read to learn merges: LM1B's 4 GB would add nothing but time.</summary>
    public const long MaxTrainingBytes = 64L << 20;

    private const int CacheFormatVersion = 1;

    private readonly Dictionary<(int Left, int Right), int> rank = [];
    private readonly Dictionary<string, ushort[]> encodedWords = new(StringComparer.Ordinal);

    public CorpusBpe(IReadOnlyList<(int Left, int Right)> merges)
    {
        Merges = merges;
        for (int i = 0; i < merges.Count; i++) rank[merges[i]] = i;
    }

    /// <summary>Merges in the order learned; merge i creates id 256 + i.</summary>
    public IReadOnlyList<(int Left, int Right)> Merges { get; }

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex WordPattern();

    /// <summary>Splits text into the words that merges stay inside.</summary>
    public static IEnumerable<string> Words(string text)
    {
        foreach (Match match in WordPattern().Matches(text)) yield return match.Value;
    }

    /// <summary>Learns merges from word counts until the vocabulary has <paramref name="vocabSize"/> ids (or no pair repeats).</summary>
    public static CorpusBpe Learn(IReadOnlyDictionary<string, long> wordCounts, int vocabSize)
    {
        if (vocabSize < 256 || vocabSize > ushort.MaxValue + 1)
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "a byte-level BPE vocabulary holds 256 to 65,536 ids.");

        // Words in a fixed order, so the same counts always give the same merges.
        var ordered = wordCounts.OrderBy(w => w.Key, StringComparer.Ordinal).ToArray();
        var symbols = new List<int>[ordered.Length];
        var counts = new long[ordered.Length];
        var pairCounts = new Dictionary<(int, int), long>();
        var pairWords = new Dictionary<(int, int), HashSet<int>>();
        // Highest count first, ties to the smallest pair; every count change queues the pair anew,
        // and entries whose count is no longer current are skipped when popped.
        var queue = new PriorityQueue<(int, int), (long, int, int)>();
        for (int w = 0; w < ordered.Length; w++)
        {
            symbols[w] = Encoding.UTF8.GetBytes(ordered[w].Key).Select(b => (int)b).ToList();
            counts[w] = ordered[w].Value;
            AddPairs(w, +1);
        }

        var merges = new List<(int, int)>();
        while (256 + merges.Count < vocabSize && queue.TryDequeue(out var best, out var priority))
        {
            long current = pairCounts.GetValueOrDefault(best);
            if (current != -priority.Item1) continue; // stale: its count changed since it was queued
            if (current < 2) break;                   // a pair seen once teaches nothing
            int id = 256 + merges.Count;
            merges.Add(best);
            foreach (int w in pairWords[best].ToArray())
            {
                AddPairs(w, -1);
                symbols[w] = MergeInWord(symbols[w], best, id);
                AddPairs(w, +1);
            }
            pairCounts.Remove(best);
            pairWords.Remove(best);
        }
        return new CorpusBpe(merges);

        void AddPairs(int w, int sign)
        {
            List<int> s = symbols[w];
            for (int i = 0; i + 1 < s.Count; i++)
            {
                var pair = (s[i], s[i + 1]);
                long updated = pairCounts.GetValueOrDefault(pair) + sign * counts[w];
                if (updated == 0) pairCounts.Remove(pair); else pairCounts[pair] = updated;
                if (updated > 0) queue.Enqueue(pair, (-updated, pair.Item1, pair.Item2));
                if (sign > 0)
                {
                    if (!pairWords.TryGetValue(pair, out var where)) pairWords[pair] = where = [];
                    where.Add(w);
                }
            }
        }
    }

    private static List<int> MergeInWord(List<int> s, (int Left, int Right) pair, int id)
    {
        var merged = new List<int>(s.Count);
        for (int i = 0; i < s.Count; i++)
        {
            if (i + 1 < s.Count && s[i] == pair.Left && s[i + 1] == pair.Right) { merged.Add(id); i++; }
            else merged.Add(s[i]);
        }
        return merged;
    }

    /// <summary>Appends the ids of <paramref name="text"/>: each word's bytes, merged lowest rank first.</summary>
    public void Encode(string text, List<ushort> into)
    {
        foreach (string word in Words(text))
        {
            if (!encodedWords.TryGetValue(word, out ushort[]? ids))
                encodedWords[word] = ids = EncodeWord(word);
            into.AddRange(ids);
        }
    }

    private ushort[] EncodeWord(string word)
    {
        List<int> s = Encoding.UTF8.GetBytes(word).Select(b => (int)b).ToList();
        while (s.Count > 1)
        {
            (int Left, int Right) best = default;
            int bestRank = int.MaxValue;
            for (int i = 0; i + 1 < s.Count; i++)
                if (rank.TryGetValue((s[i], s[i + 1]), out int r) && r < bestRank) { bestRank = r; best = (s[i], s[i + 1]); }
            if (bestRank == int.MaxValue) break;
            s = MergeInWord(s, best, 256 + bestRank);
        }
        return s.Select(id => (ushort)id).ToArray();
    }

    /// <summary>The text of an id (bytes decoded as UTF-8; a partial character shows as U+FFFD).</summary>
    public string Decode(IEnumerable<int> ids) => Encoding.UTF8.GetString(ids.SelectMany(Bytes).ToArray());

    private IEnumerable<byte> Bytes(int id) =>
        id < 256 ? [(byte)id] : Bytes(Merges[id - 256].Left).Concat(Bytes(Merges[id - 256].Right));

    /// <summary>
    /// The merges for a corpus, learned once from its training lines and cached under
    /// <paramref name="cacheDirectory"/>/tokenizers, keyed by corpus contents and vocabulary size.
    /// </summary>
    public static CorpusBpe ForCorpus(ICorpus corpus, int vocabSize, string cacheDirectory)
    {
        string salt = $"bpe-v{CacheFormatVersion};vocab={vocabSize};max={MaxTrainingBytes};split={TokenizedCorpus.SplitSeed};{TokenizedCorpus.TestFraction};";
        string path = Path.Combine(cacheDirectory, "tokenizers",
            $"{TokenizedCorpus.Sanitize(corpus.Name)}-bpe{vocabSize}-{CorpusFingerprint.Of(corpus, salt, cacheDirectory)}.json");
        if (File.Exists(path))
            return new CorpusBpe(JsonSerializer.Deserialize<int[][]>(File.ReadAllText(path))!.Select(m => (m[0], m[1])).ToList());

        CorpusBpe bpe = Learn(CountTrainingWords(corpus), vocabSize);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, JsonSerializer.Serialize(bpe.Merges.Select(m => new[] { m.Left, m.Right })));
        File.Move(temporary, path, overwrite: true);
        return bpe;
    }

    /// <summary>Word counts over the corpus's training lines (never its test lines), up to <see cref="MaxTrainingBytes"/>.</summary>
    private static Dictionary<string, long> CountTrainingWords(ICorpus corpus)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var (line, isTest) in TokenizedCorpus.SplitLines(corpus))
        {
            if (isTest) continue;
            foreach (string word in Words(line + "\n"))
                counts[word] = counts.GetValueOrDefault(word) + 1;
            if ((bytes += Encoding.UTF8.GetByteCount(line) + 1) >= MaxTrainingBytes) break;
        }
        return counts;
    }
}

/// <summary>A byte-level BPE vocabulary learned from the run's own corpus (see <see cref="CorpusBpe"/>).</summary>
/// <remarks>Its vocabulary size is the model's embedding size; a corpus too small to learn every merge leaves the last ids unused.</remarks>
public sealed class CorpusBpeTokenizer(CorpusBpe bpe, string name, int vocabSize) : ITextTokenizer
{
    public string Name => name;
    public int VocabSize => vocabSize;
    public void Encode(string text, List<ushort> into) => bpe.Encode(text, into);
}
