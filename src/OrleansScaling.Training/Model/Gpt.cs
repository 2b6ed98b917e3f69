using OrleansScaling.Science.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace OrleansScaling.Training.Model;

// The GPT-2 style decoder the paper trains (Komatsuzaki 2019, "One Epoch Is All You Need", section 4: a
// Transformer decoder LM), written top-down like nanoGPT's model.py: config, attention, MLP, block, model.
// Field names are the state-dict keys. Every Linear and LayerNorm has a bias, so the parameter count is exactly
// ModelShape.Parameters = V·d + n_ctx·d + L·(12·d² + 13·d) + 2·d.

/// <summary>What the model is built from: its shape and the dropout probability (0 for the paper's S and M).</summary>
public sealed record GptConfig(ModelShape Shape, double Dropout)
{
    public GptConfig Validate()
    {
        Shape.Validate();
        if (Dropout is < 0 or >= 1 || double.IsNaN(Dropout))
            throw new ArgumentException($"dropout must be in [0, 1) (got {Dropout}); use 0 for S/M and 0.1 for SD/MD.", nameof(Dropout));
        return this;
    }
}

/// <summary>
/// Dropout whose masks come from the run's own generator. libtorch's dropout (and SDPA's dropout_p) draw from the
/// process-global generator, which every run in a silo shares, so a run's masks would depend on its neighbours.
/// </summary>
public sealed class RunDropout(double p, Generator generator)
{
    public double P { get; } = p;

    /// <summary>Inverted dropout: keep each element with probability 1 − p and scale the kept ones by 1/(1 − p).
    /// With p = 0 or in evaluation the graph has no dropout node at all.</summary>
    public Tensor Apply(Tensor x, bool training)
    {
        if (P <= 0 || !training) return x;
        // Drawn on the CPU: TorchSharp 0.107 creates CPU generators only, and a CUDA tensor cannot draw from one.
        // The temporaries belong to the caller's dispose scope (one per training step).
        Tensor mask = torch.empty(x.shape, dtype: float32, device: CPU).bernoulli_(1 - P, generator).mul_(1.0 / (1 - P));
        return x * mask.to(x.dtype, x.device);
    }
}

/// <summary>Causal multi-head self-attention: fused scaled_dot_product_attention (no T×T tensor) unless attention
/// dropout is on, where the masked softmax is written out so its dropout draws from the run's generator.</summary>
public sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
    private readonly Linear c_attn;   // q, k, v for all heads in one matmul: d → 3d
    private readonly Linear c_proj;   // d → d
    private readonly int heads;
    private readonly RunDropout dropout;

    public CausalSelfAttention(GptConfig config, RunDropout dropout) : base(nameof(CausalSelfAttention))
    {
        int d = config.Shape.DModel;
        c_attn = Linear(d, 3 * d);
        c_proj = Linear(d, d);
        heads = config.Shape.Heads;
        this.dropout = dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long B = x.shape[0], T = x.shape[1], C = x.shape[2];
        Tensor[] qkv = c_attn.forward(x).split(C, dim: 2);
        Tensor q = qkv[0].view(B, T, heads, C / heads).transpose(1, 2); // (B, nh, T, hs)
        Tensor k = qkv[1].view(B, T, heads, C / heads).transpose(1, 2); // (B, nh, T, hs)
        Tensor v = qkv[2].view(B, T, heads, C / heads).transpose(1, 2); // (B, nh, T, hs)
        Tensor y = training && dropout.P > 0
            ? AttentionWithDropout(q, k, v)
            : F.scaled_dot_product_attention(q, k, v, is_casual: true); // (B, nh, T, hs); TorchSharp 0.107.0 spells it `is_casual`
        y = y.transpose(1, 2).contiguous().view(B, T, C); // (B, T, C): heads side by side again
        return dropout.Apply(c_proj.forward(y), training);
    }

    // softmax(q·kᵀ/√hs, causally masked) · v, as nanoGPT's slow path, with the attention weights dropped out.
    private Tensor AttentionWithDropout(Tensor q, Tensor k, Tensor v)
    {
        long T = q.shape[2];
        Tensor att = q.matmul(k.transpose(-2, -1)) * (1.0 / Math.Sqrt(q.shape[3])); // (B, nh, T, T)
        using Tensor future = torch.ones(T, T, dtype: @bool, device: q.device).triu(1); // (T, T): true above the diagonal
        att = F.softmax(att.masked_fill(future, double.NegativeInfinity), dim: -1);
        return dropout.Apply(att, training).matmul(v); // (B, nh, T, hs)
    }
}

/// <summary>The position-wise MLP: d → 4d → GELU → d.</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly Linear c_proj;
    private readonly RunDropout dropout;

    public Mlp(GptConfig config, RunDropout dropout) : base(nameof(Mlp))
    {
        int d = config.Shape.DModel;
        c_fc = Linear(d, 4 * d);
        c_proj = Linear(4 * d, d);
        this.dropout = dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => dropout.Apply(c_proj.forward(F.gelu(c_fc.forward(x))), training);
}

/// <summary>A pre-LayerNorm Transformer block: x + attn(ln(x)), then x + mlp(ln(x)).</summary>
public sealed class Block : Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Mlp mlp;

    public Block(GptConfig config, RunDropout dropout) : base(nameof(Block))
    {
        int d = config.Shape.DModel;
        ln_1 = LayerNorm(d);
        attn = new CausalSelfAttention(config, dropout);
        ln_2 = LayerNorm(d);
        mlp = new Mlp(config, dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x + attn.forward(ln_1.forward(x));
        return x + mlp.forward(ln_2.forward(x));
    }
}

/// <summary>The language model: token + position embeddings, L blocks, final LayerNorm, head tied to the token embedding.</summary>
public sealed class Gpt : Module<Tensor, Tensor>
{
    private readonly Embedding wte;   // (V, d); also the output head (weight tying, as GPT-2)
    private readonly Embedding wpe;   // (n_ctx, d), learned positions
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;
    private readonly RunDropout dropout;
    public GptConfig Config { get; }

    /// <param name="generator">The run's own random source: the initial weights, then every dropout mask. Never
    /// libtorch's global generator, which every run in a silo process shares.</param>
    public Gpt(GptConfig config, Generator generator) : base(nameof(Gpt))
    {
        Config = config.Validate();
        ModelShape s = config.Shape;
        dropout = new RunDropout(config.Dropout, generator);
        wte = Embedding(s.Vocab, s.DModel);
        wpe = Embedding(s.Context, s.DModel);
        h = new ModuleList<Block>(Enumerable.Range(0, s.Layers).Select(_ => new Block(config, dropout)).ToArray());
        ln_f = LayerNorm(s.DModel);
        RegisterComponents();
        InitializeWeights(generator);
    }

    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Token ids (B, T) with T ≤ n_ctx → logits (B, T, V).</summary>
    public override Tensor forward(Tensor idx)
    {
        long T = idx.shape[1];
        if (T > Config.Shape.Context)
            throw new ArgumentException($"sequence length {T} exceeds the model's context {Config.Shape.Context}.", nameof(idx));
        using Tensor pos = arange(T, dtype: int64, device: idx.device); // (T)
        Tensor x = dropout.Apply(wte.forward(idx) + wpe.forward(pos), training); // (B, T, d)
        foreach (Block block in h) x = block.forward(x);
        x = ln_f.forward(x);
        return F.linear(x, wte.weight!); // (B, T, V): the tied head
    }

    /// <summary>Mean next-token cross-entropy in nats: logits (B, T, V) against targets (B, T).</summary>
    public static Tensor Loss(Tensor logits, Tensor targets) =>
        F.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1));

    // GPT-2 initialisation (as nanoGPT): N(0, 0.02) weights, zero biases, and residual projections scaled by
    // 1/sqrt(2L) so the residual stream's variance does not grow with depth. Tensor.normal_ with the generator, not
    // nn.init.normal_: TorchSharp 0.107's init.normal_ accepts a generator but ignores it (it calls libtorch's
    // init::normal_, which draws from the global generator) — that was why co-located runs differed from the start.
    private void InitializeWeights(Generator generator)
    {
        using var _ = no_grad();
        double residualStd = 0.02 / Math.Sqrt(2.0 * Config.Shape.Layers);
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) init.zeros_(p);
            else if (name.Contains("ln_", StringComparison.Ordinal)) init.ones_(p);
            else p.normal_(0.0, name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? residualStd : 0.02, generator);
        }
    }
}
