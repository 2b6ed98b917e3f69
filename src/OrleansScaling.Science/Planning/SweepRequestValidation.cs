using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Planning;

/// <summary>
/// The one set of rules for a sweep request, called by `osc` (before it connects), POST /api/sweeps, the dashboard's
/// launch form and the planner itself. Keys are the request's camelCase JSON field names; each message names the
/// field and the fix. The planner stays the judge of feasibility (no shape fits the budget) and names the field too.
/// </summary>
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

    /// <summary>Throws an <see cref="ArgumentException"/> (parameter: the field) for the first broken rule.</summary>
    public static void Validate(SweepRequest request, SweepLimits? limits = null)
    {
        var errors = Errors(request, limits);
        if (errors.Count == 0) return;
        var (field, messages) = errors.First();
        throw new ArgumentException(messages[0], field);
    }

    /// <summary>Every broken rule, by field; empty when the request is fine.</summary>
    public static Dictionary<string, string[]> Errors(SweepRequest r, SweepLimits? limits = null)
    {
        limits ??= SweepLimits.Default;
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);
        void Check(string field, string? error) { if (error is not null) Fail(field, error); }

        if (string.IsNullOrWhiteSpace(r.Name)) Fail("name", "name is empty: give the sweep a name, e.g. \"one-epoch-d128\".");
        else if (r.Name.Length > limits.MaxNameLength)
            Fail("name", $"name has {r.Name.Length} characters, more than the {limits.MaxNameLength} allowed (OrleansScaling:MaxSweepNameLength): shorten it.");
        else if (SweepRequestJson.ControlCharacter(r.Name) is { } at)
            Fail("name", $"name holds a control character (U+{(int)r.Name[at]:X4} at character {at + 1}): remove it; a name is printable text.");
        if (!Enum.IsDefined(r.Kind)) Fail("kind", $"kind must be recipe, isoFlop, paperComparison or grid (got {r.Kind}).");
        if (!Enum.IsDefined(r.Device)) Fail("device", $"device must be any, cpu or gpu (got {r.Device}).");
        if (!Enum.IsDefined(r.Tokenizer)) Fail("tokenizer", $"tokenizer must be byte, gpt2 or bpe2k (got {r.Tokenizer}).");
        CheckBudget(r, Fail, Check);
        Check("targetRatio", InputRules.Positive(r.TargetRatio, "targetRatio (T/P)", "5, the paper's optimum"));
        Check("batchSize", InputRules.AtLeast(r.BatchSize, 1, "batchSize", "e.g. 16 sequences"));
        Check("context", InputRules.AtLeast(r.Context, 1, "context", "e.g. 128 tokens"));
        Check("layers", InputRules.AtLeast(r.Layers, 1, "layers", "e.g. 4"));
        Check("iterations", InputRules.AtLeast(r.Iterations, 0, "iterations", "0 lets the planner decide"));
        if (r.Kind == SweepKind.IsoFlop && r.IsoFlopPoints < 2)
            Fail("isoFlopPoints", $"an IsoFLOP profile needs at least 2 points (got {r.IsoFlopPoints}); 5 or more locate a minimum.");
        if (r.Kind == SweepKind.IsoFlop && r.IsoFlopPoints > limits.MaxRunsPerSweep)
            Fail("isoFlopPoints", $"isoFlopPoints {r.IsoFlopPoints} is more than a sweep may run ({limits.MaxRunsPerSweep}, OrleansScaling:MaxRunsPerSweep); 5 to 9 locate a minimum.");
        Check("learningRate", InputRules.Positive(r.LearningRate, "learningRate", "1e-3"));
        Check("warmupIterations", InputRules.AtLeast(r.WarmupIterations, 0, "warmupIterations", "0 turns warmup off"));
        Check("dropout", InputRules.Dropout(r.Dropout));
        if (string.IsNullOrWhiteSpace(r.Corpus)) Fail("corpus", "corpus is empty: name one, e.g. \"bundled\" (`osc cluster` lists what the silos offer).");
        else if (SweepRequestJson.ControlCharacter(r.Corpus) is { } at)
            Fail("corpus", $"corpus holds a control character (U+{(int)r.Corpus[at]:X4} at character {at + 1}): remove it; `osc cluster` lists the corpora on offer.");
        CheckSchedule(r, Fail, Check);
        Check("earlyStopping", EarlyStoppingError(r.EarlyStopping));
        CheckBudgetList(r.FlopsBudgets, "flopsBudgets", "FLOP budget", "e.g. [1e15, 2e15, 4e15]", r.Kind == SweepKind.IsoFlop, "an isoFlop", limits, Fail);
        CheckBudgetList(r.TokenBudgets, "tokenBudgets", "token budget", "e.g. [1e6, 2e6, 4e6] training tokens per run", r.Kind == SweepKind.Grid, "a grid", limits, Fail);
        if (r.Kind == SweepKind.Grid && r.DModels is null)
            Fail("dModels", "a grid sweep needs its sizes: give dModels (e.g. [128, 192, 256]), one row of runs per width at depth layers.");
        CheckList(r.Seeds, "seeds", "seed", "e.g. [1]", s => s >= 0, "every seed must be 0 or more", limits, Fail);
        CheckList(r.DModels, "dModels", "width", "e.g. [128, 256], or leave it unset so the planner chooses", d => d > 0, "every dModel must be positive", limits, Fail);
        if (r.Kind == SweepKind.PaperComparison)
            CheckList(r.EpochsOrDefault(), "epochsList", "E", "e.g. [10, 5]", e => e >= 2, "every E of M(E) must be at least 2 (E = 1 is S itself)", limits, Fail);
        if (errors.Count == 0 && MostRuns(r) is var (field, most) && most > limits.MaxRunsPerSweep)
            Fail(field, $"this sweep would plan up to {most} runs, more than the {limits.MaxRunsPerSweep} a sweep may have " +
                "(OrleansScaling:MaxRunsPerSweep): list fewer sizes, seeds or epochs, or split it into several sweeps.");
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>An upper bound on the runs a valid request plans (before planning), and the field that multiplies it most.</summary>
    private static (string Field, long Runs)? MostRuns(SweepRequest r)
    {
        long seeds = r.SeedsOrDefault().Count;
        return r.Kind switch
        {
            SweepKind.Recipe => ("seeds", seeds),
            SweepKind.IsoFlop when r.FlopsBudgets is { Count: > 1 } budgets => ("flopsBudgets", r.IsoFlopPoints * budgets.Count * seeds),
            SweepKind.IsoFlop => ("isoFlopPoints", r.IsoFlopPoints * seeds),
            SweepKind.Grid => ("tokenBudgets", (long)(r.DModels?.Count ?? 1) * (r.TokenBudgets?.Count ?? 1) * seeds),
            SweepKind.PaperComparison => ("dModels", (r.DModels?.Count ?? 1) * seeds * (1 + r.EpochsOrDefault().Count) * (r.Dropout > 0 ? 2 : 1)),
            _ => null,
        };
    }

    /// <summary>camelCase JSON name of the field an <see cref="ArgumentException"/> names ("request" when none).</summary>
    public static string FieldName(string? parameter) =>
        string.IsNullOrEmpty(parameter) ? "request" : char.ToLowerInvariant(parameter[0]) + parameter[1..];

    /// <summary>The size limit on a planned sweep: its number of runs.</summary>
    public static void CheckRunCount(SweepRequest request, int runs, SweepLimits? limits = null)
    {
        limits ??= SweepLimits.Default;
        if (runs <= limits.MaxRunsPerSweep) return;
        var field = request.Kind switch
        {
            SweepKind.IsoFlop => request.FlopsBudgets is { Count: > 1 } ? "flopsBudgets" : "isoFlopPoints",
            SweepKind.PaperComparison => "dModels",
            SweepKind.Grid => "tokenBudgets",
            _ => "seeds",
        };
        throw new ArgumentException($"this sweep plans {runs} runs, more than the {limits.MaxRunsPerSweep} a sweep may have " +
            "(OrleansScaling:MaxRunsPerSweep): list fewer sizes, seeds or epochs, or split it into several sweeps.", field);
    }

    /// <summary>
    /// A budget (P0 and T0, FLOPs, or for an isoFlop sweep a list of FLOPs) given once; a paper comparison may give its
    /// sizes instead; a grid gives tokenBudgets and no other budget.
    /// </summary>
    private static void CheckBudget(SweepRequest r, Action<string, string> fail, Action<string, string?> check)
    {
        bool hasProduct = r.P0 is not null || r.T0 is not null;
        if (r.Kind == SweepKind.Grid)
        {
            if (hasProduct || r.FlopsBudget is not null)
                fail(r.FlopsBudget is not null ? "flopsBudget" : "p0", "a grid sweep is sized by tokenBudgets (training tokens per run) and dModels, not by p0, t0 or flopsBudget: drop them.");
            if (r.TokenBudgets is null)
                fail("tokenBudgets", "a grid sweep needs tokenBudgets: the training tokens of each run, ascending, e.g. [1e6, 2e6, 4e6].");
            return;
        }
        if (r.FlopsBudgets is not null && (hasProduct || r.FlopsBudget is not null))
            fail("flopsBudgets", "give the budget once: flopsBudgets (several IsoFLOP profiles), or flopsBudget, or p0 and t0, not more than one.");
        if (hasProduct && r.FlopsBudget is not null)
            fail("flopsBudget", "give the budget once: either p0 and t0, or flopsBudget (then P0·T0 = FLOPs / 6), not both.");
        if (r.P0 is { } p0) check("p0", InputRules.Positive(p0, "p0 (parameters)", "1e6"));
        if (r.T0 is { } t0) check("t0", InputRules.Positive(t0, "t0 (tokens)", "5e6"));
        if (r.FlopsBudget is { } flops) check("flopsBudget", InputRules.Positive(flops, "flopsBudget", "1e15"));
        if (hasProduct && r.P0 is null) fail("p0", "p0 and t0 go together: give p0 (parameters) with t0 (the budget is their product).");
        if (hasProduct && r.T0 is null) fail("t0", "p0 and t0 go together: give t0 (tokens) with p0 (the budget is their product).");
        if (!hasProduct && r.FlopsBudget is null && r.Kind == SweepKind.PaperComparison && r.DModels is null)
            fail("dModels", "a paper comparison needs its sizes: give dModels (e.g. [128, 256]), or a budget (p0 and t0, or flopsBudget) so the planner chooses one.");
        else if (!hasProduct && r.FlopsBudget is null && r.FlopsBudgets is null && r.Kind != SweepKind.PaperComparison)
            fail("p0", $"a {r.Kind} sweep needs a budget: give p0 and t0 (e.g. 1e6 and 5e6), or flopsBudget" +
                (r.Kind == SweepKind.IsoFlop ? ", or flopsBudgets." : "."));
    }

    /// <summary>The schedule's fields, and branching: WSD only, in a sweep with several token counts per size.</summary>
    private static void CheckSchedule(SweepRequest r, Action<string, string> fail, Action<string, string?> check)
    {
        if (!Enum.IsDefined(r.Schedule)) fail("schedule", $"schedule must be constant, cosine or wsd (got {r.Schedule}).");
        check("cooldownFraction", InputRules.CooldownFraction(r.CooldownFraction));
        if (!Enum.IsDefined(r.CooldownShape)) fail("cooldownShape", $"cooldownShape must be sqrt or linear (got {r.CooldownShape}).");
        if (!r.Branching) return;
        if (r.Schedule != LearningRateSchedule.Wsd)
            fail("branching", $"branching needs \"schedule\": \"wsd\" (got \"{Name(r.Schedule)}\"): a branch shares its trunk's learning rates up to " +
                "its fork, which only a warmup-stable-decay schedule gives (a constant run never cools down, a cosine run decays to its own horizon). " +
                "Set \"schedule\": \"wsd\", or drop branching.");
        else if (r.Kind is not (SweepKind.IsoFlop or SweepKind.Grid))
            fail("branching", $"branching applies to isoFlop and grid sweeps, which train a size to several token counts (got kind {Name(r.Kind)}); drop it.");
    }

    /// <summary>Early stopping (optional): the one policy, "frontier", and a minimum fraction strictly between 0 and 1.</summary>
    public static string? EarlyStoppingError(Analysis.Stopping.EarlyStoppingSettings? settings)
    {
        if (settings is null) return null;
        if (settings.Policy != Analysis.Stopping.EarlyStoppingSettings.Frontier)
            return $"earlyStopping.policy must be \"frontier\" (got \"{SweepRequestJson.Printable(settings.Policy ?? "")}\"), the one policy there is; " +
                "or leave earlyStopping out to train every run to its end.";
        if (!(settings.MinFraction is > 0 and < 1))
            return $"earlyStopping.minFraction must be a number between 0 and 1, exclusive (got {settings.MinFraction.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}): " +
                "the fraction of its iterations a run trains before it may be stopped, e.g. 0.3.";
        return null;
    }

    /// <summary>A budget list: only for its kind, not empty, positive and finite, strictly ascending.</summary>
    private static void CheckBudgetList(IReadOnlyList<double>? values, string field, string what, string example, bool applies, string kind,
        SweepLimits limits, Action<string, string> fail)
    {
        if (values is null) return;
        if (!applies) { fail(field, $"{field} belongs to {kind} sweep; drop it, or set the kind."); return; }
        if (values.Count == 0) { fail(field, $"{field} is empty: list at least one {what}, ascending, {example}."); return; }
        if (values.Count > limits.MaxRunsPerSweep)
        {
            fail(field, $"{field} lists {values.Count} values, more than a sweep may run ({limits.MaxRunsPerSweep}, OrleansScaling:MaxRunsPerSweep).");
            return;
        }
        var listed = string.Join(", ", values.Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)));
        if (!values.All(v => v > 0 && double.IsFinite(v))) fail(field, $"every {what} must be a positive, finite number (got {listed}); {example}.");
        else if (values.Zip(values.Skip(1)).Any(p => p.Second <= p.First))
            fail(field, $"{field} must be in ascending order, each once (got {listed}): the largest is a size's trunk when branching; {example}.");
    }

    private static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static void CheckList(IReadOnlyList<int>? values, string field, string what, string example, Func<int, bool> valid,
        string rule, SweepLimits limits, Action<string, string> fail)
    {
        if (values is null) return;
        if (values.Count == 0) { fail(field, $"{field} is empty: list at least one {what}, {example}, or leave it unset."); return; }
        if (values.Count > limits.MaxRunsPerSweep)
        {
            fail(field, $"{field} lists {values.Count} values, more than a sweep may run ({limits.MaxRunsPerSweep}, OrleansScaling:MaxRunsPerSweep).");
            return;
        }
        if (!values.All(valid)) fail(field, $"{rule} (got {string.Join(", ", values)}); {example}.");
        else if (values.Distinct().Count() != values.Count) fail(field, $"{field} lists a {what} twice ({string.Join(", ", values)}): list each once.");
    }
}
