namespace OrleansScaling.Science.Runs;

/// <summary>
/// The one check of a run spec: `osc train` calls it before creating anything, the engine again before training.
/// Each error is an <see cref="ArgumentException"/> naming the field (camelCase, as in JSON) and the fix.
/// </summary>
public static class RunSpecValidation
{
    public static void Validate(RunSpec spec)
    {
        spec.Shape.Validate();
        Require(InputRules.AtLeast(spec.BatchSize, 1, "batchSize", "e.g. 16 sequences"), "batchSize");
        Require(InputRules.AtLeast(spec.Iterations, 1, "iterations", "e.g. 1000"), "iterations");
        Require(InputRules.AtLeast(spec.Epochs, 1, "epochs", "1 is the paper's S, E > 1 its M(E)"), "epochs");
        Require(InputRules.Dropout(spec.Dropout), "dropout");
        Require(InputRules.Positive(spec.LearningRate, "learningRate", "1e-3"), "learningRate");
        Require(InputRules.AtLeast(spec.WarmupIterations, 0, "warmupIterations", "0 turns warmup off"), "warmupIterations");
        Require(InputRules.NonNegative(spec.WeightDecay, "weightDecay", "0 turns it off"), "weightDecay");
        Require(InputRules.NonNegative(spec.GradientClip, "gradientClip", "0 turns clipping off"), "gradientClip");
        Require(InputRules.AtLeast(spec.Evaluations, 1, "evaluations", "e.g. 40"), "evaluations");
        Require(InputRules.AtLeast(spec.EvalBatches, 1, "evalBatches", "e.g. 8"), "evalBatches");
        Require(InputRules.AtLeast(spec.CheckpointEvery, 1, "checkpointEvery", "iterations between checkpoints, e.g. 100"), "checkpointEvery");
        if (!Enum.IsDefined(spec.Tokenizer)) throw new ArgumentException($"tokenizer must be byte, gpt2 or bpe2k (got {spec.Tokenizer}).", "tokenizer");
        if (!Enum.IsDefined(spec.Precision)) throw new ArgumentException($"precision must be fp32, tf32 or bf16 (got {spec.Precision}).", "precision");
        if (!Enum.IsDefined(spec.Schedule)) throw new ArgumentException($"schedule must be constant, cosine or wsd (got {spec.Schedule}).", "schedule");
        Require(InputRules.CooldownFraction(spec.CooldownFraction), "cooldownFraction");
        if (!Enum.IsDefined(spec.CooldownShape)) throw new ArgumentException($"cooldownShape must be sqrt or linear (got {spec.CooldownShape}).", "cooldownShape");
        if (string.IsNullOrWhiteSpace(spec.Corpus)) throw new ArgumentException("corpus is empty: name one, e.g. \"bundled\".", "corpus");
        if (spec.Shape.Vocab != spec.Tokenizer.VocabularySize())
            throw new ArgumentException($"vocab {spec.Shape.Vocab} does not match the {spec.Tokenizer} tokenizer: use 256 for Byte, 50257 for Gpt2, 2048 for Bpe2k.", "vocab");
    }

    private static void Require(string? error, string field) => InputRules.Require(error, field);
}
