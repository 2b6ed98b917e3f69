using OrleansScaling.Science.Runs;

namespace OrleansScaling.Training.Training;

/// <summary>Refuses a run spec the engine cannot train, naming the field and the fix.</summary>
public static class RunSpecChecks
{
    public static void Validate(RunSpec spec)
    {
        spec.Shape.Validate();
        Require(spec.BatchSize > 0, nameof(spec.BatchSize), $"batch size must be positive (got {spec.BatchSize}).");
        Require(spec.Iterations > 0, nameof(spec.Iterations), $"iterations must be positive (got {spec.Iterations}).");
        Require(spec.Epochs >= 1, nameof(spec.Epochs), $"epochs must be at least 1 (got {spec.Epochs}); 1 is the paper's S, E > 1 its M(E).");
        Require(spec.Dropout is >= 0 and < 1, nameof(spec.Dropout), $"dropout must be in [0, 1) (got {spec.Dropout}); 0 for S/M, 0.1 for SD/MD.");
        Require(spec.LearningRate > 0 && double.IsFinite(spec.LearningRate), nameof(spec.LearningRate), $"learning rate must be positive and finite (got {spec.LearningRate}).");
        Require(spec.WarmupIterations >= 0, nameof(spec.WarmupIterations), $"warmup iterations must not be negative (got {spec.WarmupIterations}).");
        Require(spec.WeightDecay >= 0, nameof(spec.WeightDecay), $"weight decay must not be negative (got {spec.WeightDecay}).");
        Require(spec.GradientClip >= 0, nameof(spec.GradientClip), $"gradient clip must not be negative (got {spec.GradientClip}); 0 turns clipping off.");
        Require(spec.Evaluations >= 1, nameof(spec.Evaluations), $"evaluations must be at least 1 (got {spec.Evaluations}).");
        Require(spec.EvalBatches >= 1, nameof(spec.EvalBatches), $"eval batches must be at least 1 (got {spec.EvalBatches}).");
        Require(spec.CheckpointEvery >= 1, nameof(spec.CheckpointEvery), $"checkpoint interval must be at least 1 iteration (got {spec.CheckpointEvery}).");
        Require(Enum.IsDefined(spec.Precision), nameof(spec.Precision), $"precision must be fp32, tf32 or bf16 (got {spec.Precision}).");
        Require(spec.Shape.Vocab == spec.Tokenizer.VocabularySize(), nameof(spec.Shape.Vocab),
            $"vocab {spec.Shape.Vocab} does not match the {spec.Tokenizer} tokenizer: use 256 for Byte, 50257 for Gpt2, 2048 for Bpe2k.");
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition) throw new ArgumentException(message, field);
    }
}
