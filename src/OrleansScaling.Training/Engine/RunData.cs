using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Corpora;
using OrleansScaling.Training.Sampling;
using OrleansScaling.Training.Tokenization;

namespace OrleansScaling.Training.Engine;

/// <summary>A run's data: the tokenized corpus, its training windows with the regime's sampler, and the fixed test sample.</summary>
public sealed class RunData : IDisposable
{
    private RunData(TokenizedCorpus tokens, TokenWindows train, WindowSampler sampler, HeldOutSample heldOut)
    {
        Tokens = tokens;
        Train = train;
        Sampler = sampler;
        HeldOut = heldOut;
    }

    public TokenizedCorpus Tokens { get; }
    public TokenWindows Train { get; }
    public WindowSampler Sampler { get; }
    public HeldOutSample HeldOut { get; }

    /// <summary>Opens (tokenizing once if needed) the spec's corpus and refuses, before any training, a corpus too small for the regime.</summary>
    public static RunData Open(RunSpec spec, TrainingEnvironment environment)
    {
        ICorpus corpus = CorpusResolver.Resolve(spec.Corpus, environment.CorporaDirectory);
        TokenizedCorpus tokens = TokenizedCorpus.Open(corpus, TextTokenizers.Create(spec.Tokenizer, corpus, environment.CacheDirectory), environment.CacheDirectory);
        try
        {
            var train = new TokenWindows(tokens.Train, spec.Shape.Context);
            long draws = (long)spec.BatchSize * spec.Iterations;
            long neededWindows = WindowSampler.RequiredWindows(draws, spec.Epochs);
            if (neededWindows > train.Count)
                throw new ArgumentException(
                    $"corpus \"{corpus.Name}\" is too small for this run: it needs {neededWindows * spec.Shape.Context:N0} unique training tokens " +
                    $"(batch {spec.BatchSize} × context {spec.Shape.Context} × {spec.Iterations} iterations / {spec.Epochs} epoch(s)) " +
                    $"but has {train.UsableTokens:N0} ({spec.Tokenizer} tokenizer). Use fewer iterations, a smaller batch, more epochs, or a larger corpus.",
                    nameof(spec.Corpus));
            var sampler = new WindowSampler(train.Count, draws, spec.Epochs, spec.Seed);
            var heldOut = new HeldOutSample(new TokenWindows(tokens.Test, spec.Shape.Context), spec.BatchSize, spec.EvalBatches);
            return new RunData(tokens, train, sampler, heldOut);
        }
        catch
        {
            tokens.Dispose();
            throw;
        }
    }

    public void Dispose() => Tokens.Dispose();
}
