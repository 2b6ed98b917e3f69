namespace OrleansScaling.Science.Shapes;

/// <summary>
/// The shape of a GPT-2 style decoder: width, depth, heads, context and vocabulary.
/// Its parameter count and FLOPs per token are the single source of truth for the planner,
/// the engine (which tests that the built model matches) and the analyses.
/// </summary>
public sealed record ModelShape(int DModel, int Layers, int Heads, int Context, int Vocab)
{
    public int HeadSize => DModel / Heads;

    /// <summary>
    /// Exact parameter count of the engine's model: token embedding (tied with the output head),
    /// learned positions, L pre-LayerNorm blocks and a final LayerNorm, every Linear and LayerNorm with bias.
    /// P = V·d + n_ctx·d + L·(12·d² + 13·d) + 2·d.
    /// Per block: attention qkv 3d²+3d, projection d²+d, MLP 8d²+5d (d→4d→d), two LayerNorms 4d.
    /// </summary>
    public long Parameters
    {
        get
        {
            long d = DModel;
            return (long)Vocab * d + (long)Context * d + Layers * (12 * d * d + 13 * d) + 2 * d;
        }
    }

    /// <summary>Parameters without the position embedding: the ones every token multiplies through.</summary>
    public long NonEmbeddingPositionParameters => Parameters - (long)Context * DModel;

    /// <summary>
    /// Training FLOPs per token, forward plus backward (PaLM / nanoGPT convention):
    /// 6·(P − n_ctx·d) for the matrix multiplies, plus 12·L·n_ctx·d for attention scores and values.
    /// </summary>
    public double FlopsPerToken => 6.0 * NonEmbeddingPositionParameters + 12.0 * Layers * Context * (double)DModel;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field and the fix when the shape is invalid.</summary>
    public ModelShape Validate()
    {
        if (DModel <= 0) throw new ArgumentException($"dModel must be positive (got {DModel}).", nameof(DModel));
        if (Layers <= 0) throw new ArgumentException($"layers must be positive (got {Layers}).", nameof(Layers));
        if (Heads <= 0) throw new ArgumentException($"heads must be positive (got {Heads}).", nameof(Heads));
        if (DModel % Heads != 0)
            throw new ArgumentException($"dModel ({DModel}) must be divisible by heads ({Heads}); choose heads among the divisors of dModel, e.g. {DModel / 64} for head size 64.", nameof(Heads));
        if (Context <= 0) throw new ArgumentException($"context must be positive (got {Context}).", nameof(Context));
        if (Vocab <= 0) throw new ArgumentException($"vocab must be positive (got {Vocab}).", nameof(Vocab));
        return this;
    }

    public override string ToString() => $"d{DModel} L{Layers} H{Heads} ctx{Context} V{Vocab}";
}
