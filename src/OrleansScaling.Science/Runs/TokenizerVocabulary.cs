namespace OrleansScaling.Science.Runs;

public static class TokenizerVocabulary
{
    /// <summary>Vocabulary size V of a tokenizer: raw bytes 256, GPT-2 BPE 50257, corpus BPE 2048.</summary>
    public static int VocabularySize(this TokenizerKind tokenizer) => tokenizer switch
    {
        TokenizerKind.Byte => 256,
        TokenizerKind.Gpt2 => 50257,
        TokenizerKind.Bpe2k => 2048,
        _ => throw new ArgumentOutOfRangeException(nameof(tokenizer), tokenizer, "unknown tokenizer: use Byte, Gpt2 or Bpe2k."),
    };
}
