using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Planning;

/// <summary>Checks a sweep request field by field; every error is an ArgumentException naming the field and the fix.</summary>
public static class SweepRequestValidation
{
    public static IReadOnlyList<int> SeedsOrDefault(this SweepRequest request) => request.Seeds ?? [1];

    /// <summary>The paper's epochs for M: 10 and 5 unless the request lists others.</summary>
    public static IReadOnlyList<int> EpochsOrDefault(this SweepRequest request) => request.EpochsList ?? [10, 5];

    /// <summary>P0·T0 from P0 and T0, or from FLOPs at 6 per parameter-token; null when the request gives neither.</summary>
    public static double? Budget(SweepRequest request)
    {
        if (request.FlopsBudget is { } flops) return flops / 6.0;
        return request.P0 * request.T0;
    }

    public static void Validate(SweepRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Name)) Fail(nameof(r.Name), "the sweep needs a name, e.g. \"one-epoch-d128\".");
        if (r.FlopsBudget is not null && (r.P0 is not null || r.T0 is not null))
            Fail(nameof(r.FlopsBudget), "give the budget once: either p0 and t0, or flopsBudget (then P0·T0 = FLOPs / 6), not both.");
        if (r.FlopsBudget is { } flops && !Positive(flops)) Fail(nameof(r.FlopsBudget), $"flopsBudget must be positive (got {flops}); e.g. 1e15.");
        if (r.P0 is { } p0 && !Positive(p0)) Fail(nameof(r.P0), $"p0 (parameters) must be positive (got {p0}); e.g. 1e6.");
        if (r.T0 is { } t0 && !Positive(t0)) Fail(nameof(r.T0), $"t0 (tokens) must be positive (got {t0}); e.g. 5e6.");
        if (r.P0 is null != r.T0 is null)
            Fail(r.P0 is null ? nameof(r.P0) : nameof(r.T0), "p0 and t0 go together: give both (the budget is their product) or neither.");
        if (!Positive(r.TargetRatio)) Fail(nameof(r.TargetRatio), $"the target ratio T/P must be positive (got {r.TargetRatio}); the paper's is 5.");
        if (r.BatchSize <= 0) Fail(nameof(r.BatchSize), $"batchSize must be positive (got {r.BatchSize}); e.g. 16.");
        if (r.Context <= 0) Fail(nameof(r.Context), $"context must be positive (got {r.Context}); e.g. 128.");
        if (r.Layers <= 0) Fail(nameof(r.Layers), $"layers must be positive (got {r.Layers}); e.g. 4.");
        if (r.Iterations < 0) Fail(nameof(r.Iterations), $"iterations must be 0 (planner decides) or positive (got {r.Iterations}).");
        if (r.Kind == SweepKind.IsoFlop && r.IsoFlopPoints < 2) Fail(nameof(r.IsoFlopPoints), $"an IsoFLOP profile needs at least 2 points (got {r.IsoFlopPoints}); 5 or more locate a minimum.");
        if (!Positive(r.LearningRate)) Fail(nameof(r.LearningRate), $"learningRate must be positive (got {r.LearningRate}); e.g. 1e-3.");
        if (r.WarmupIterations < 0) Fail(nameof(r.WarmupIterations), $"warmupIterations must be 0 or more (got {r.WarmupIterations}).");
        if (!(r.Dropout >= 0 && r.Dropout < 1)) Fail(nameof(r.Dropout), $"dropout is a probability in [0, 1) (got {r.Dropout}); the paper's SD/MD use 0.1.");
        if (r.Seeds is { Count: 0 }) Fail(nameof(r.Seeds), "seeds is empty: list at least one seed, e.g. [1], or leave it unset.");
        if (r.DModels is { Count: 0 }) Fail(nameof(r.DModels), "dModels is empty: list at least one width, e.g. [128, 256], or leave it unset so the planner chooses.");
        if (r.DModels?.Any(d => d <= 0) == true) Fail(nameof(r.DModels), $"every dModel must be positive (got {string.Join(", ", r.DModels)}).");
        if (r.DModels is { } dModels && dModels.Distinct().Count() != dModels.Count) Fail(nameof(r.DModels), $"dModels lists a width twice ({string.Join(", ", dModels)}): list each once.");
        if (r.Kind == SweepKind.PaperComparison)
        {
            var epochs = r.EpochsOrDefault();
            if (epochs.Count == 0) Fail(nameof(r.EpochsList), "epochsList is empty: list the E of M(E), e.g. [10, 5], or leave it unset.");
            if (epochs.Any(e => e < 2)) Fail(nameof(r.EpochsList), $"every E of M(E) must be at least 2 (got {string.Join(", ", epochs)}); E = 1 is S itself.");
            if (epochs.Distinct().Count() != epochs.Count) Fail(nameof(r.EpochsList), $"epochsList lists an E twice ({string.Join(", ", epochs)}): list each once.");
        }
        if (r.Seeds is { } seeds && seeds.Distinct().Count() != seeds.Count) Fail(nameof(r.Seeds), $"seeds lists a seed twice ({string.Join(", ", seeds)}): list each once.");
    }

    private static bool Positive(double x) => x > 0 && double.IsFinite(x);

    private static void Fail(string field, string message) => throw new ArgumentException(message, field);
}
