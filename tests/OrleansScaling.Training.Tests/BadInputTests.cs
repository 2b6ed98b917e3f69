using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Training.Tests;

public class BadInputTests
{
    private static ArgumentException Refused(RunSpec spec) =>
        Assert.Throws<ArgumentException>(() => new TorchRunTrainer().Train(spec, TestData.Environment(), null, null, CancellationToken.None));

    [Fact]
    public void Width_not_divisible_by_heads_is_refused()
    {
        var error = Refused(TestData.TinySpec("brown", dModel: 30, heads: 4));
        Assert.Contains("divisible by heads", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Non_positive_context_is_refused(int context)
    {
        var error = Refused(TestData.TinySpec("brown") with { Shape = new ModelShape(32, 1, 2, context, 256) });
        Assert.Contains("context must be positive", error.Message);
    }

    [Fact]
    public void Missing_corpus_path_is_refused_naming_the_path()
    {
        var error = Refused(TestData.TinySpec("/no/such/corpus"));
        Assert.Contains("\"/no/such/corpus\" does not exist", error.Message);
    }

    [Fact]
    public void Empty_corpus_folder_is_refused()
    {
        string empty = TestData.NewTemporaryDirectory();
        File.WriteAllText(Path.Combine(empty, "empty.txt"), "");
        var error = Refused(TestData.TinySpec(empty));
        Assert.Contains("holds no text", error.Message);
    }

    [Fact]
    public void Unknown_corpus_name_is_refused_listing_the_known_ones()
    {
        var error = Refused(TestData.TinySpec("wikipedia"));
        Assert.Contains("unknown corpus \"wikipedia\": use brown, nlp, bundled, or a path", error.Message);
    }

    [Fact]
    public void Corpus_too_small_for_S_says_how_many_tokens_are_needed_and_available()
    {
        string small = TestData.TextFolder(50); // ~2 KB
        var error = Refused(TestData.TinySpec(small, iterations: 1000));
        Assert.Matches(@"needs 64,000 unique training tokens .* but has [\d,]+ ", error.Message);
    }

    [Fact]
    public void Vocabulary_that_does_not_match_the_tokenizer_is_refused()
    {
        var error = Refused(TestData.TinySpec("brown") with { Tokenizer = TokenizerKind.Gpt2 });
        Assert.Contains("50257", error.Message);
    }
}
