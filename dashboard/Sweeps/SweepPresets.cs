using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Sweeps;

/// <summary>The launch form's presets: the paper's comparison at a scale a CPU finishes, and at the paper's own scale.</summary>
public static class SweepPresets
{
    /// <summary>
    /// The paper's S / SD / M(E) / MD(E) on the bundled byte-level corpus, two small widths: hours on a
    /// 2-core CPU rather than GPU-weeks, enough to see the one-epoch speedup appear.
    /// </summary>
    public static readonly SweepRequest PaperCpu = new(
        Name: "paper, CPU scale", Kind: SweepKind.PaperComparison,
        DModels: [64, 128], Layers: 2, Iterations: 1000, EpochsList: [5, 10], Dropout: 0.1,
        BatchSize: 16, Context: 128, Corpus: "bundled", Seeds: [1], Tokenizer: TokenizerKind.Byte,
        WarmupIterations: 50, Device: DeviceRequirement.Any);

    /// <summary>
    /// The paper's Table 2 setting: LM1B with GPT-2 BPE, d = 256 / 512 / 1024 with 6 layers (18 M, 45 M,
    /// 128 M parameters), 65,000 iterations of about 6,900 tokens (54 × 128), E = 5 and 10, on GPUs.
    /// </summary>
    public static readonly SweepRequest PaperGpuLm1b = new(
        Name: "paper, GPU scale (LM1B)", Kind: SweepKind.PaperComparison,
        DModels: [256, 512, 1024], Layers: 6, Iterations: 65_000, EpochsList: [5, 10], Dropout: 0.1,
        BatchSize: 54, Context: 128, Corpus: "lm1b", Seeds: [1], Tokenizer: TokenizerKind.Gpt2,
        WarmupIterations: 1000, Device: DeviceRequirement.Gpu);

    public static readonly IReadOnlyDictionary<string, SweepRequest> All = new Dictionary<string, SweepRequest>
    {
        ["paper-cpu"] = PaperCpu,
        ["paper-gpu-lm1b"] = PaperGpuLm1b,
    };
}
