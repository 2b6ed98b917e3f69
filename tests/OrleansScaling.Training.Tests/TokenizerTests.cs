using OrleansScaling.Training.Tokenization;

namespace OrleansScaling.Training.Tests;

public class TokenizerTests
{
    [Fact]
    public void Byte_tokenizer_yields_the_utf8_bytes()
    {
        var tokens = new List<ushort>();
        new ByteTokenizer().Encode("hé", tokens);
        Assert.Equal([(ushort)'h', 0xC3, 0xA9], tokens);
    }

    [Fact]
    public void Gpt2_tokenizer_yields_gpt2_ids()
    {
        var tokens = new List<ushort>();
        new Gpt2Tokenizer().Encode("Hello world", tokens);
        Assert.Equal([15496, 995], tokens); // GPT-2's ids for "Hello" and " world"
    }
}
