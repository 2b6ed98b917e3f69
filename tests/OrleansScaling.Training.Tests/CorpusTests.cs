using System.Text;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Corpora;
using OrleansScaling.Training.Tokenization;

namespace OrleansScaling.Training.Tests;

public class CorpusTests
{
    [Fact]
    public void Train_and_test_splits_are_disjoint_and_together_hold_every_line()
    {
        string folder = TestData.TextFolder(3000);
        string[] lines = File.ReadAllLines(Path.Combine(folder, "corpus.txt"));
        using var tokens = TokenizedCorpus.Open(CorpusResolver.Resolve(folder, null), new ByteTokenizer(), TestData.NewTemporaryDirectory());

        string[] train = Decode(tokens.Train), test = Decode(tokens.Test);
        Assert.NotEmpty(test);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(lines.Order(), train.Concat(test).Order());
        Assert.InRange(test.Length, 20, 120); // ~2 % of 3000
    }

    [Fact]
    public void The_offered_byte_count_is_the_training_split_the_cache_holds_and_other_tokenizers_appear_once_cached()
    {
        string folder = TestData.TextFolder(800);
        var corpus = CorpusResolver.Resolve(folder, null);
        string counted = TestData.NewTemporaryDirectory(), cache = TestData.NewTemporaryDirectory();

        // Counted without tokenizing (nothing under tokens/), then the same number the built cache holds.
        var before = TokenizedCorpus.TrainTokenCounts(corpus, counted);
        Assert.False(Directory.Exists(Path.Combine(counted, "tokens")));
        Assert.Equal([TokenizerKind.Byte], before.Keys);
        using (var tokens = TokenizedCorpus.Open(corpus, new ByteTokenizer(), cache))
            Assert.Equal(tokens.Train.Length, before[TokenizerKind.Byte]);

        using (TokenizedCorpus.Open(corpus, TextTokenizers.Create(TokenizerKind.Bpe2k, corpus, cache), cache)) { }
        var after = TokenizedCorpus.TrainTokenCounts(corpus, cache);
        Assert.Equal(before[TokenizerKind.Byte], after[TokenizerKind.Byte]);
        Assert.InRange(after[TokenizerKind.Bpe2k], 1, before[TokenizerKind.Byte] - 1);
        Assert.False(after.ContainsKey(TokenizerKind.Gpt2));
    }

    [Fact]
    public void The_split_is_the_same_on_every_tokenization()
    {
        string folder = TestData.TextFolder(500);
        using var first = TokenizedCorpus.Open(CorpusResolver.Resolve(folder, null), new ByteTokenizer(), TestData.NewTemporaryDirectory());
        using var second = TokenizedCorpus.Open(CorpusResolver.Resolve(folder, null), new ByteTokenizer(), TestData.NewTemporaryDirectory());
        Assert.Equal(Decode(first.Test), Decode(second.Test));
    }

    [Fact]
    public void A_corpus_is_tokenized_once_and_again_when_its_files_change()
    {
        string folder = TestData.TextFolder(300);
        string cache = TestData.NewTemporaryDirectory();
        string first, second, third;
        long before, after;
        using (var tokens = TokenizedCorpus.Open(CorpusResolver.Resolve(folder, null), new ByteTokenizer(), cache))
            (first, before) = (tokens.Directory, tokens.Train.Length);
        using (var tokens = TokenizedCorpus.Open(CorpusResolver.Resolve(folder, null), new ByteTokenizer(), cache))
            second = tokens.Directory;
        File.AppendAllLines(Path.Combine(folder, "corpus.txt"), ["one more sentence for the training split."]);
        using (var tokens = TokenizedCorpus.Open(CorpusResolver.Resolve(folder, null), new ByteTokenizer(), cache))
            (third, after) = (tokens.Directory, tokens.Train.Length + tokens.Test.Length);

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
        Assert.True(after > before);
    }

    [Fact]
    public void Brown_tags_are_stripped_back_to_plain_text()
    {
        string text = BrownCorpus.StripTags("The/at jury/nn said/vbd ``/`` it/pps did/dod n't/* ''/'' ,/, not/* John's/np$ (/( fault/nn )/) ./.");
        Assert.Equal("The jury said \" it didn't \", not John's (fault).", text);
    }

    [Fact]
    public void Bundled_corpora_are_found_and_read_as_plain_sentences()
    {
        ICorpus bundled = CorpusResolver.Resolve(CorpusResolver.Bundled, null);
        Assert.Equal(500 + 100, bundled.SourceFiles.Count);
        string[] firstBrown = CorpusResolver.Resolve(CorpusResolver.Brown, null).ReadLines().Take(3).ToArray();
        Assert.StartsWith("The Fulton County Grand Jury said Friday", firstBrown[0].TrimStart());
        Assert.DoesNotContain(firstBrown, line => line.Contains("/at"));
        Assert.NotEmpty(CorpusResolver.Resolve(CorpusResolver.Nlp, null).ReadLines().Take(10));
    }

    [Fact]
    public void Lm1b_layout_uses_its_heldout_shard_as_the_test_set()
    {
        string root = TestData.NewTemporaryDirectory();
        string training = Directory.CreateDirectory(Path.Combine(root, "training-monolingual.tokenized.shuffled")).FullName;
        string heldOut = Directory.CreateDirectory(Path.Combine(root, "heldout-monolingual.tokenized.shuffled")).FullName;
        File.WriteAllLines(Path.Combine(training, "news.en-00001-of-00100"), ["a training sentence .", "another one ."]);
        File.WriteAllLines(Path.Combine(heldOut, "news.en.heldout-00000-of-00050"), ["the test sentence ."]);
        File.WriteAllLines(Path.Combine(heldOut, "news.en.heldout-00001-of-00050"), ["unused heldout ."]);

        ICorpus corpus = CorpusResolver.Resolve(root, null);
        Assert.Equal(["a training sentence .", "another one ."], corpus.ReadLines());
        Assert.Equal(["the test sentence ."], corpus.ReadHeldOutLines()!);
    }

    private static string[] Decode(TokenFile file)
    {
        long[] ids = new long[file.Length];
        file.Read(0, ids);
        return Encoding.UTF8.GetString(ids.Select(i => (byte)i).ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
