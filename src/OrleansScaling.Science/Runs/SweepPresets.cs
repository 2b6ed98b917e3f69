namespace OrleansScaling.Science.Runs;

/// <summary>A named, ready-made sweep: `osc sweep launch --preset NAME` and the dashboard's preset buttons.</summary>
public sealed record SweepPreset(string Name, string Description, SweepRequest Request);

/// <summary>
/// The presets, defined once for the CLI and the dashboard. Pure data: the planner turns each into runs.
/// </summary>
public static class SweepPresets
{
    /// <summary>
    /// The paper's comparison at CPU scale: S, SD, M(E), MD(E) for two small widths on the bundled corpora
    /// (byte tokens). 2,000 iterations of 16×128 tokens = 4.1M tokens per S run, so S sees each token once.
    /// </summary>
    public static readonly SweepPreset PaperCpu = new("paper-cpu",
        "The paper's S/SD/M(E)/MD(E) comparison at CPU scale: d=128 and d=256, E = 10 and 5 as in the paper, bundled corpora.",
        new SweepRequest("paper-cpu", SweepKind.PaperComparison,
            BatchSize: 16, Context: 128, Corpus: "bundled", Seeds: [1], DModels: [128, 256], Layers: 4,
            EpochsList: [10, 5], Dropout: 0.1, Iterations: 2000, WarmupIterations: 100,
            Tokenizer: TokenizerKind.Byte, Device: DeviceRequirement.Any));

    /// <summary>
    /// The paper's setting on GPUs: d = 256, 512, 1024 with 6 layers and GPT-2 tokens (17.7M, 44.8M and 127.3M
    /// parameters with the embedding, the paper's 18M, 45M and 128M), 65k iterations of 27×256 ≈ 6,900 tokens (the paper's c), E = 5 and 10, on
    /// LM1B in its original layout mounted at /data/lm1b (the compose file's corpora volume).
    /// </summary>
    public static readonly SweepPreset PaperGpuLm1b = new("paper-gpu-lm1b",
        "The paper's comparison at its own scale on GPUs: d=256/512/1024, 65k iterations, E = 5 and 10, LM1B at /data/lm1b.",
        new SweepRequest("paper-gpu-lm1b", SweepKind.PaperComparison,
            BatchSize: 27, Context: 256, Corpus: "/data/lm1b", Seeds: [1], DModels: [256, 512, 1024], Layers: 6,
            EpochsList: [5, 10], Dropout: 0.1, Iterations: 65_000, WarmupIterations: 1000,
            Tokenizer: TokenizerKind.Gpt2, Device: DeviceRequirement.Gpu));

    /// <summary>One run at T/P ≈ 5 on a budget that a laptop CPU trains in about a minute (P0 = 125k, T0 = 625k).</summary>
    public static readonly SweepPreset RecipeTiny = new("recipe-tiny",
        "One run at T/P = 5 on a tiny budget (P0 = 125k params, T0 = 625k tokens): about a minute on a CPU.",
        new SweepRequest("recipe-tiny", SweepKind.Recipe,
            P0: 125_000, T0: 625_000, BatchSize: 16, Context: 128, Corpus: "bundled", Layers: 2,
            WarmupIterations: 20, Tokenizer: TokenizerKind.Byte));

    /// <summary>
    /// An IsoFLOP profile along P·T = 4e5·2e6 over 5 ratios log-spaced from 0.5 to 50; at this budget and depth 2 the
    /// widths are d = 64, 128, 192 (T/P ≈ 51, 4, 0.9): widths are multiples of 64, so nearby ratios share a shape.
    /// </summary>
    public static readonly SweepPreset IsoFlopSmall = new("isoflop-small",
        "An IsoFLOP profile along P·T = 4e5 params × 2e6 tokens (d = 64, 128, 192 at 2 layers), to find the best T/P empirically on a CPU.",
        new SweepRequest("isoflop-small", SweepKind.IsoFlop,
            P0: 400_000, T0: 2_000_000, BatchSize: 16, Context: 128, Corpus: "bundled", Layers: 2,
            IsoFlopPoints: 5, WarmupIterations: 50, Tokenizer: TokenizerKind.Byte));

    /// <summary>
    /// A WSD grid on a CPU (examples/sweeps/grid.json): d = 64, 128, 192 at 2 layers × 0.5M, 1M, 2M and 4M training
    /// tokens, each run with its own cooldown over its last 20% (Chinchilla's approaches 1 and 3 on one grid).
    /// </summary>
    public static readonly SweepPreset GridWsdSmall = new("grid-wsd-small",
        "A grid of d = 64, 128, 192 (2 layers) × 0.5M–4M training tokens, WSD schedule (cooldown over the last 20%), on a CPU.",
        new SweepRequest("grid-wsd-small", SweepKind.Grid,
            BatchSize: 16, Context: 128, Corpus: "bundled", Seeds: [1], DModels: [64, 128, 192], Layers: 2,
            WarmupIterations: 50, Tokenizer: TokenizerKind.Byte, Schedule: LearningRateSchedule.Wsd,
            TokenBudgets: [500_000, 1_000_000, 2_000_000, 4_000_000]));

    public static IReadOnlyList<SweepPreset> All { get; } = [RecipeTiny, IsoFlopSmall, PaperCpu, PaperGpuLm1b, GridWsdSmall];

    /// <summary>The preset with this name (case-insensitive), or null.</summary>
    public static SweepPreset? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
