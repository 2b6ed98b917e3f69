using Microsoft.ML.Tokenizers;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Corpora;

namespace OrleansScaling.Training.Tokenization;

/// <summary>Text to token ids below 65,536 (the token cache stores them as 16-bit values).</summary>
public interface ITextTokenizer
{
    string Name { get; }
    int VocabSize { get; }
    void Encode(string text, List<ushort> into);
}

/// <summary>Raw UTF-8 bytes: vocabulary 256, the default (no vocabulary file, nothing to download).</summary>
public sealed class ByteTokenizer : ITextTokenizer
{
    public string Name => "byte";
    public int VocabSize => TokenizerKind.Byte.VocabularySize();

    public void Encode(string text, List<ushort> into)
    {
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(text)) into.Add(b);
    }
}

/// <summary>GPT-2's byte-level BPE (vocabulary 50,257) through Microsoft.ML.Tokenizers and its bundled GPT-2 data.</summary>
public sealed class Gpt2Tokenizer : ITextTokenizer
{
    // Loaded on first use: a run whose corpus is already tokenized and cached never needs the vocabulary.
    private readonly Lazy<Tokenizer> tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt2"));
    public string Name => "gpt2";
    public int VocabSize => TokenizerKind.Gpt2.VocabularySize();

    public void Encode(string text, List<ushort> into)
    {
        foreach (int id in tokenizer.Value.EncodeToIds(text)) into.Add(checked((ushort)id));
    }
}

public static class TextTokenizers
{
    /// <summary>The tokenizer for a run on <paramref name="corpus"/>; a corpus BPE is learned once and cached under <paramref name="cacheDirectory"/>.</summary>
    public static ITextTokenizer Create(TokenizerKind kind, ICorpus corpus, string cacheDirectory) => kind switch
    {
        TokenizerKind.Byte => new ByteTokenizer(),
        TokenizerKind.Gpt2 => new Gpt2Tokenizer(),
        TokenizerKind.Bpe2k => new CorpusBpeTokenizer(
            CorpusBpe.ForCorpus(corpus, kind.VocabularySize(), cacheDirectory), "bpe2k", kind.VocabularySize()),
        _ => throw new ArgumentException($"tokenizer {kind} is not supported: use Byte, Gpt2 or Bpe2k.", "tokenizer"),
    };
}
