using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Corpora;
using OrleansScaling.Training.Tokenization;

namespace OrleansScaling.Training.Tests;

public class CorpusBpeTests
{
    [Fact]
    public void The_most_frequent_pair_is_merged_first()
    {
        var bpe = CorpusBpe.Learn(new Dictionary<string, long> { [" low"] = 5, [" lower"] = 2, [" newest"] = 6, [" widest"] = 3 }, 256 + 4);

        Assert.Equal(4, bpe.Merges.Count);
        Assert.Equal(("e", "s"), (Text(bpe, bpe.Merges[0].Left), Text(bpe, bpe.Merges[0].Right))); // "es": 6 + 3 = 9, ahead of " l" and "lo" (7)
        Assert.Equal("est", bpe.Decode([256 + 1]));
    }

    [Fact]
    public void Encoding_round_trips_any_text_and_compresses_what_it_learned_from()
    {
        string folder = TestData.TextFolder(2000);
        var corpus = CorpusResolver.Resolve(folder, null);
        var bpe = CorpusBpe.ForCorpus(corpus, 512, TestData.NewTemporaryDirectory());

        string seen = File.ReadLines(Path.Combine(folder, "corpus.txt")).First() + "\n";
        string unseen = "Zebras, naïve café — 12345 ünïcödé!\n";
        foreach (string text in new[] { seen, unseen })
        {
            var ids = new List<ushort>();
            bpe.Encode(text, ids);
            Assert.Equal(text, bpe.Decode(ids.Select(i => (int)i)));
            Assert.All(ids, id => Assert.InRange(id, 0, 511));
        }
        var seenIds = new List<ushort>();
        bpe.Encode(seen, seenIds);
        Assert.True(seenIds.Count * 2.5 < System.Text.Encoding.UTF8.GetByteCount(seen), $"{seenIds.Count} tokens for {seen.Length} characters");
    }

    [Fact]
    public void Merges_are_learned_once_per_corpus()
    {
        string folder = TestData.TextFolder(2000);
        var corpus = CorpusResolver.Resolve(folder, null);
        string cache = TestData.NewTemporaryDirectory();
        var first = CorpusBpe.ForCorpus(corpus, 400, cache);
        var second = CorpusBpe.ForCorpus(corpus, 400, cache);
        Assert.Equal(first.Merges, second.Merges);
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "tokenizers")));

    }

    [Fact]
    public void Merges_are_never_learned_from_test_lines()
    {
        // "xj" occurs only in test lines, many times: had they been read, it would be the first merge.
        string folder = TestData.NewTemporaryDirectory();
        File.WriteAllLines(Path.Combine(folder, "corpus.txt"), Enumerable.Range(0, 3000).Select(i =>
            TokenizedCorpus.IsTestLine(i) ? "xjxj xjxj xjxj xjxj xjxj xjxj" : $"the cat sat on mat number {i % 50}."));
        var bpe = CorpusBpe.ForCorpus(CorpusResolver.Resolve(folder, null), 300, TestData.NewTemporaryDirectory());

        var learned = Enumerable.Range(256, bpe.Merges.Count).Select(id => bpe.Decode([id])).ToList();
        Assert.Contains(" cat", learned);
        Assert.DoesNotContain(learned, token => token.Contains("xj"));
    }

    [Fact]
    public void A_bpe2k_run_trains_on_the_corpus_bpe_tokens()
    {
        var spec = TestData.TinySpec("brown", iterations: 40) with
        {
            Tokenizer = TokenizerKind.Bpe2k,
            Shape = TestData.TinySpec("brown").Shape with { Vocab = TokenizerKind.Bpe2k.VocabularySize() },
        };
        TrainingResult result = new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None);
        Assert.Equal(2048, result.Spec.Shape.Vocab);
        Assert.True(result.FinalTestLoss < result.Curve[0].TestLoss - 0.5,
            $"test loss {result.Curve[0].TestLoss} → {result.FinalTestLoss} nats (uniform over 2,048 ids is {Math.Log(2048):F2})");
    }

    private static string Text(CorpusBpe bpe, int id) => bpe.Decode([id]);
}
