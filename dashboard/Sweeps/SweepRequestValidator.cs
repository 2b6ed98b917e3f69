using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Sweeps;

/// <summary>
/// Field-level checks of a sweep request, shared by the launch form and POST /api/sweeps. Keys are the
/// request's camelCase JSON field names; each message says what is wrong and how to fix it. The planner
/// remains the final judge of feasibility (e.g. no shape fits the budget) and names the field itself.
/// </summary>
public static class SweepRequestValidator
{
    public static Dictionary<string, string[]> Validate(SweepRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        if (string.IsNullOrWhiteSpace(request.Name)) Fail("name", "Give the sweep a name, e.g. \"paper-cpu\".");
        if (!Enum.IsDefined(request.Kind)) Fail("kind", "Choose recipe, isoFlop or paperComparison.");
        CheckBudget(request, Fail);
        if (!(request.TargetRatio > 0)) Fail("targetRatio", $"The target T/P must be positive (got {request.TargetRatio}); the paper's is 5.");
        if (request.BatchSize < 1) Fail("batchSize", $"Batch size must be at least 1 sequence (got {request.BatchSize}).");
        if (request.Context < 1) Fail("context", $"Context must be at least 1 token (got {request.Context}).");
        if (request.Layers < 1) Fail("layers", $"Layers must be at least 1 (got {request.Layers}).");
        if (request.Iterations < 0) Fail("iterations", $"Iterations must be 0 (let the planner choose) or positive (got {request.Iterations}).");
        if (request.DModels is { } sizes && (sizes.Count == 0 || sizes.Any(d => d <= 0)))
            Fail("dModels", $"List positive widths d, e.g. 128, 256, or leave sizes to the planner (got {string.Join(", ", sizes)}).");
        if (request.Seeds is { Count: 0 }) Fail("seeds", "List at least one seed, e.g. 1.");
        if (request.Seeds is { } seeds && seeds.Any(s => s < 0)) Fail("seeds", "Seeds must be non-negative integers.");
        if (request.Kind == SweepKind.PaperComparison && request.EpochsList is { } epochs && (epochs.Count == 0 || epochs.Any(e => e < 2)))
            Fail("epochsList", "The paper's M(E) needs each E ≥ 2, e.g. 5, 10.");
        if (request.Dropout is < 0 or >= 1 || double.IsNaN(request.Dropout)) Fail("dropout", $"Dropout must be in [0, 1) (got {request.Dropout}); the paper's SD/MD use 0.1.");
        if (request.Kind == SweepKind.IsoFlop && request.IsoFlopPoints < 2) Fail("isoFlopPoints", $"An IsoFLOP profile needs at least 2 points (got {request.IsoFlopPoints}).");
        if (!(request.LearningRate > 0)) Fail("learningRate", $"The learning rate must be positive (got {request.LearningRate}).");
        if (request.WarmupIterations < 0) Fail("warmupIterations", "Warmup iterations cannot be negative.");
        if (string.IsNullOrWhiteSpace(request.Corpus)) Fail("corpus", "Name a corpus, e.g. \"bundled\".");
        if (!Enum.IsDefined(request.Device)) Fail("device", "Choose any, cpu or gpu.");
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>A budget (P0 and T0, or FLOPs) is needed unless sizes and iterations pin every run.</summary>
    private static void CheckBudget(SweepRequest request, Action<string, string> fail)
    {
        bool pinned = request.DModels is { Count: > 0 } && request.Iterations > 0;
        bool hasProduct = request.P0 is not null || request.T0 is not null;
        if (hasProduct && request.FlopsBudget is not null)
            fail("flopsBudget", "Give the budget either as P0 and T0 or as FLOPs, not both.");
        if (request.P0 is { } p0 && !(p0 > 0)) fail("p0", $"P0 (parameters) must be positive (got {p0}).");
        if (request.T0 is { } t0 && !(t0 > 0)) fail("t0", $"T0 (tokens) must be positive (got {t0}).");
        if (hasProduct && request.P0 is null) fail("p0", "Give P0 (parameters) together with T0.");
        if (hasProduct && request.T0 is null) fail("t0", "Give T0 (tokens) together with P0.");
        if (request.FlopsBudget is { } flops && !(flops > 0)) fail("flopsBudget", $"The FLOPs budget must be positive (got {flops}).");
        if (!hasProduct && request.FlopsBudget is null && !pinned)
            fail("p0", "Give a budget: P0 and T0 (e.g. 1e6 and 5e6), or a FLOPs budget; or fix both sizes and iterations.");
    }

    /// <summary>camelCase JSON name of the parameter an ArgumentException names ("request" when none).</summary>
    public static string FieldName(string? parameter) =>
        string.IsNullOrEmpty(parameter) ? "request" : char.ToLowerInvariant(parameter[0]) + parameter[1..];
}
