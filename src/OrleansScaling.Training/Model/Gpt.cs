using OrleansScaling.Science.Runs;
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
        InputRules.Require(InputRules.Dropout(Dropout), "dropout");
        return this;
    }
}

/// <summary>Causal multi-head self-attention through scaled_dot_product_attention (fused; no T×T mask tensor).</summary>
public sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
    private readonly Linear c_attn;   // q, k, v for all heads in one matmul: d → 3d
    private readonly Linear c_proj;   // d → d
    private readonly int heads;
    private readonly double dropout;

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        int d = config.Shape.DModel;
        c_attn = Linear(d, 3 * d);
        c_proj = Linear(d, d);
        heads = config.Shape.Heads;
        dropout = config.Dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long B = x.shape[0], T = x.shape[1], C = x.shape[2];
        Tensor[] qkv = c_attn.forward(x).split(C, dim: 2);
        Tensor q = qkv[0].view(B, T, heads, C / heads).transpose(1, 2); // (B, nh, T, hs)
        Tensor k = qkv[1].view(B, T, heads, C / heads).transpose(1, 2); // (B, nh, T, hs)
        Tensor v = qkv[2].view(B, T, heads, C / heads).transpose(1, 2); // (B, nh, T, hs)
        // TorchSharp 0.107.0 spells the causal flag `is_casual`.
        Tensor y = F.scaled_dot_product_attention(q, k, v, p: training ? dropout : 0.0, is_casual: true); // (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C); // (B, T, C): heads side by side again
        return Dropout(c_proj.forward(y), dropout, training);
    }

    // Dropout only where the run asks for it: with p = 0 the graph has no dropout node at all.
    internal static Tensor Dropout(Tensor x, double p, bool training) => p > 0 && training ? F.dropout(x, p, training) : x;
}

/// <summary>The position-wise MLP: d → 4d → GELU → d.</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly Linear c_proj;
    private readonly double dropout;

    public Mlp(GptConfig config) : base(nameof(Mlp))
    {
        int d = config.Shape.DModel;
        c_fc = Linear(d, 4 * d);
        c_proj = Linear(4 * d, d);
        dropout = config.Dropout;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        CausalSelfAttention.Dropout(c_proj.forward(F.gelu(c_fc.forward(x))), dropout, training);
}

/// <summary>A pre-LayerNorm Transformer block: x + attn(ln(x)), then x + mlp(ln(x)).</summary>
public sealed class Block : Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Mlp mlp;

    public Block(GptConfig config) : base(nameof(Block))
    {
        int d = config.Shape.DModel;
        ln_1 = LayerNorm(d);
        attn = new CausalSelfAttention(config);
        ln_2 = LayerNorm(d);
        mlp = new Mlp(config);
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
    private readonly double dropout;
    public GptConfig Config { get; }

    /// <param name="generator">Random source for the initial weights; null: libtorch's global generator (as PyTorch's
    /// manual_seed). The trainer passes its own, so runs sharing a process initialise independently of each other.</param>
    public Gpt(GptConfig config, Generator? generator = null) : base(nameof(Gpt))
    {
        Config = config.Validate();
        ModelShape s = config.Shape;
        wte = Embedding(s.Vocab, s.DModel);
        wpe = Embedding(s.Context, s.DModel);
        h = new ModuleList<Block>(Enumerable.Range(0, s.Layers).Select(_ => new Block(config)).ToArray());
        ln_f = LayerNorm(s.DModel);
        dropout = config.Dropout;
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
        Tensor x = CausalSelfAttention.Dropout(wte.forward(idx) + wpe.forward(pos), dropout, training); // (B, T, d)
        foreach (Block block in h) x = block.forward(x);
        x = ln_f.forward(x);
        return F.linear(x, wte.weight!); // (B, T, V): the tied head
    }

    /// <summary>Mean next-token cross-entropy in nats: logits (B, T, V) against targets (B, T).</summary>
    public static Tensor Loss(Tensor logits, Tensor targets) =>
        F.cross_entropy(logits.view(-1, logits.shape[2]), targets.view(-1));

    // GPT-2 initialisation (as nanoGPT): N(0, 0.02) weights, zero biases, and residual projections scaled by
    // 1/sqrt(2L) so the residual stream's variance does not grow with depth.
    private void InitializeWeights(Generator? generator)
    {
        using var _ = no_grad();
        double residualStd = 0.02 / Math.Sqrt(2.0 * Config.Shape.Layers);
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) init.zeros_(p);
            else if (name.Contains("ln_", StringComparison.Ordinal)) init.ones_(p);
            else init.normal_(p, 0.0, name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? residualStd : 0.02, generator);
        }
    }
}
