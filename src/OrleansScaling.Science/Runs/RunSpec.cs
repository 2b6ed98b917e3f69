using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Runs;

/// <summary>
/// Learning-rate schedule after warmup: constant; cosine to a tenth of the peak at the run's own last iteration
/// (its horizon, as Chinchilla); or warmup-stable-decay (WSD): the peak until the last
/// <see cref="RunSpec.CooldownFraction"/> of the iterations, then a cooldown to zero of <see cref="RunSpec.CooldownShape"/>.
/// The rule itself is <see cref="LearningRateSchedules"/>.
/// </summary>
public enum LearningRateSchedule { Constant, Cosine, Wsd }

/// <summary>The shape of a WSD cooldown: Sqrt (1 − sqrt of the cooldown's progress, the default) or Linear (1 − progress).</summary>
public enum CooldownShape { Sqrt, Linear }

/// <summary>
/// Tokenizer for a run: raw bytes (vocab 256), GPT-2's BPE (vocab 50,257), or a byte-level BPE with 2,048 ids
/// learned from the run's own corpus (its training lines only), where tokens carry more text than bytes
/// without the embedding table dwarfing a small model.
/// </summary>
public enum TokenizerKind { Byte, Gpt2, Bpe2k }

/// <summary>
/// Arithmetic of a run's forward and backward passes. Fp32: float32 throughout. Tf32: float32 tensors, matrix
/// products on CUDA in TensorFloat-32 (10-bit mantissa; on CPU the same as Fp32). Bf16: matrix products and attention
/// in bfloat16, with float32 master weights, optimizer state, layer norms, residual stream and loss (as PyTorch's
/// autocast). Part of the experiment: it changes the numbers a run produces.
/// </summary>
public enum Precision { Fp32, Tf32, Bf16 }

/// <summary>
/// Everything that defines one training run as an experiment: what is trained, on what, for how long,
/// in which regime. Where it runs (device, silo) is not part of the experiment.
/// Epochs = 1 is the paper's S; Epochs = E &gt; 1 trains E epochs over 1/E of S's tokens (M);
/// Dropout &gt; 0 gives SD / MD.
/// </summary>
public sealed record RunSpec(
    ModelShape Shape,
    int BatchSize,
    int Iterations,
    int Epochs = 1,
    double Dropout = 0.0,
    string Corpus = "bundled",
    int Seed = 1,
    double LearningRate = 1e-3,
    int WarmupIterations = 100,
    LearningRateSchedule Schedule = LearningRateSchedule.Constant,
    TokenizerKind Tokenizer = TokenizerKind.Byte,
    double WeightDecay = 0.0,
    double GradientClip = 1.0,
    int Evaluations = 40,
    int EvalBatches = 8,
    int CheckpointEvery = 100,
    Precision Precision = Precision.Fp32,
    double CooldownFraction = RunSpec.DefaultCooldownFraction,
    CooldownShape CooldownShape = CooldownShape.Sqrt)
{
    /// <summary>A WSD run cools down over its last 20% of iterations unless told otherwise.</summary>
    public const double DefaultCooldownFraction = 0.2;

    /// <summary>Tokens consumed per iteration: c = batch × context.</summary>
    public long TokensPerIteration => (long)BatchSize * Shape.Context;

    /// <summary>Total training tokens T = c·I (counting repeats).</summary>
    public long TotalTokens => TokensPerIteration * Iterations;

    /// <summary>The paper's regime label: S, SD, M(E=10), MD(E=10).</summary>
    public string Regime => (Epochs <= 1 ? "S" : "M") + (Dropout > 0 ? "D" : "") + (Epochs > 1 ? $"(E={Epochs})" : "");

    /// <summary>
    /// The one rule for which runs the scaling analyses fit (frontier, IsoFLOP parabolas, the parametric fit L(N, D),
    /// the held-out check): S runs, one epoch without dropout, the runs that see each token once. M and dropout runs
    /// follow other laws; they enter the speedups only.
    /// </summary>
    public bool IsScalingPoint => Epochs <= 1 && Dropout == 0;
}
