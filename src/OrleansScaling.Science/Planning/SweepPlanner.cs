using System.Globalization;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Planning;

/// <summary>
/// Turns a sweep request into runs: the recipe (one run at T/P closest to the target), an IsoFLOP profile
/// (shapes along P·T = const at ratios log-spaced over [r/10, 10·r]) or the paper's comparison (per size S, SD,
/// M(E), MD(E)). Pure: the planner grain calls it and stores the result.
/// </summary>
public static class SweepPlanner
{
    public static SweepPlan Plan(SweepRequest request, SweepLimits? limits = null)
    {
        SweepRequestValidation.Validate(request, limits);
        var budget = SweepRequestValidation.Budget(request);
        var notes = new List<string>();
        var runs = request.Kind switch
        {
            SweepKind.Recipe => PlanRecipe(request, Require(budget, request), notes),
            SweepKind.IsoFlop => PlanIsoFlop(request, Require(budget, request), notes),
            SweepKind.PaperComparison => PaperComparisonPlanner.Plan(request, budget, notes),
            _ => throw new ArgumentException($"unknown sweep kind {request.Kind}: use Recipe, IsoFlop or PaperComparison.", nameof(request.Kind)),
        };
        SweepRequestValidation.CheckRunCount(request, runs.Count, limits);
        return new SweepPlan(request, runs, notes);
    }

    private static List<PlannedRun> PlanRecipe(SweepRequest request, double budget, List<string> notes)
    {
        var plan = ChooseShape(request, budget, request.TargetRatio);
        notes.Add(Describe(plan));
        var shape = ShapeOf(plan.Chosen, request);
        return request.SeedsOrDefault().Select(seed => Run(request, shape, plan.Chosen.Iterations, epochs: 1, dropout: 0, seed)).ToList();
    }

    private static List<PlannedRun> PlanIsoFlop(SweepRequest request, double budget, List<string> notes)
    {
        // Ratios log-spaced over [r/10, 10·r]: two decades around the target, e.g. 0.5 to 50 for r = 5.
        var k = request.IsoFlopPoints;
        var ratios = Enumerable.Range(0, k).Select(i => request.TargetRatio * Math.Pow(10, -1 + 2.0 * i / (k - 1))).ToList();
        var chosen = new List<PlanCandidate>();
        foreach (var ratio in ratios)
        {
            var candidate = ChooseShape(request, budget, ratio).Chosen;
            if (chosen.Any(c => c.DModel == candidate.DModel && c.Layers == candidate.Layers))
            {
                notes.Add(Invariant($"ratio {ratio:G3}: its closest shape d{candidate.DModel} L{candidate.Layers} is already planned (shape choices are discrete); skipped."));
                continue;
            }
            notes.Add(Invariant($"ratio {ratio:G3}: d{candidate.DModel} L{candidate.Layers}, P = {candidate.Params:N0}, I = {candidate.Iterations:N0}, T/P = {candidate.Ratio:G3}, budget error {candidate.BudgetError:+0.00%;-0.00%}."));
            chosen.Add(candidate);
        }
        notes.Insert(0, Invariant($"IsoFLOP profile at P0·T0 = {budget:G4} ({6 * budget:G4} FLOPs at 6 per parameter-token): {chosen.Count} shapes for {k} ratios log-spaced from {ratios[0]:G3} to {ratios[^1]:G3}."));
        return chosen
            .OrderBy(c => c.Params)
            .SelectMany(c => request.SeedsOrDefault().Select(seed => Run(request, ShapeOf(c, request), c.Iterations, epochs: 1, dropout: 0, seed)))
            .ToList();
    }

    /// <summary>
    /// The recipe planner over the request's shapes: depth fixed at Layers; widths DModels as given, or multiples of 64
    /// with d/L within the default aspect bounds.
    /// </summary>
    internal static RecipePlan ChooseShape(SweepRequest request, double budget, double ratio)
    {
        var shapes = request.DModels is { } dModels
            ? ShapeSpace.Unbounded(dModels, request.Layers)
            : new ShapeSpace(MinLayers: request.Layers, MaxLayers: request.Layers);
        try
        {
            return RecipePlanner.Plan(new RecipeRequest(budget, 1.0, (long)request.BatchSize * request.Context,
                request.Tokenizer.VocabularySize(), request.Context, ratio, Shapes: shapes));
        }
        catch (NoShapeFitsException e) when (request.FlopsBudget is not null)
        {
            // The request gave FLOPs, not P0 and T0: name the field the user actually set.
            throw new NoShapeFitsException(e.Problem, nameof(request.FlopsBudget), e);
        }
    }

    internal static ModelShape ShapeOf(PlanCandidate candidate, SweepRequest request) =>
        new(candidate.DModel, candidate.Layers, candidate.Heads, request.Context, request.Tokenizer.VocabularySize());

    internal static PlannedRun Run(SweepRequest request, ModelShape shape, long iterations, int epochs, double dropout, int seed)
    {
        if (iterations > int.MaxValue)
            throw new ArgumentException(Invariant($"{shape} would need {iterations:N0} iterations, more than a run can count ({int.MaxValue:N0}): lower the budget or raise the batch size."), nameof(request.Iterations));
        var spec = new RunSpec(shape, request.BatchSize, (int)iterations, epochs, dropout, request.Corpus, seed, request.LearningRate,
            request.WarmupIterations, Tokenizer: request.Tokenizer, Evaluations: (int)Math.Min(40, iterations),
            Precision: request.Precision);
        return new PlannedRun(Key(spec), spec, shape.Parameters, shape.FlopsPerToken, shape.FlopsPerToken * spec.TotalTokens);
    }

    /// <summary>A run's stable key within its sweep: "d128-L4-S-seed1", "d128-L4-MD(E=10)-seed1".</summary>
    public static string Key(RunSpec spec) => $"d{spec.Shape.DModel}-L{spec.Shape.Layers}-{spec.Regime}-seed{spec.Seed}";

    internal static string Describe(RecipePlan plan)
    {
        var c = plan.Chosen;
        return Invariant($"budget P0·T0 = {plan.Budget:G4}; continuous optimum at T/P = {plan.TargetRatio:G3}: P* = {plan.TargetParams:N0}, T* = {plan.TargetTokens:N0}; ") +
            Invariant($"chosen d{c.DModel} L{c.Layers} H{c.Heads}: P = {c.Params:N0}, I = {c.Iterations:N0} ({c.Tokens:N0} tokens), T/P = {c.Ratio:G3}, budget error {c.BudgetError:+0.00%;-0.00%}.");
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double Require(double? budget, SweepRequest request) => budget ??
        throw new ArgumentException($"a {request.Kind} sweep needs a budget: give p0 and t0 (parameters and tokens), or flopsBudget.", nameof(request.P0));
}
