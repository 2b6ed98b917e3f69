using System.Globalization;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Planning;

/// <summary>
/// Turns a sweep request into runs: the recipe (one run at T/P closest to the target), IsoFLOP profiles
/// (shapes along P·T = const at ratios log-spaced over [r/10, 10·r], one profile per FLOP budget), the paper's
/// comparison (per size S, SD, M(E), MD(E)) or a grid (sizes × token budgets). With branching (WSD), one trunk per size
/// to its largest token count and one cooldown branch per smaller count. Pure: the planner grain and `osc plan --sweep`
/// call it.
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
            SweepKind.IsoFlop when request.FlopsBudgets is { } budgets => PlanIsoFlops(request, budgets, notes),
            SweepKind.IsoFlop => PlanIsoFlop(request, Require(budget, request), notes, horizon: false),
            SweepKind.PaperComparison => PaperComparisonPlanner.Plan(request, budget, notes),
            SweepKind.Grid => GridPlanner.Plan(request, notes),
            _ => throw new ArgumentException($"unknown sweep kind {request.Kind}: use Recipe, IsoFlop, PaperComparison or Grid.", nameof(request.Kind)),
        };
        if (request.Branching) runs = Branch(request, runs, notes);
        CheckBranches(request, runs);
        SweepRequestValidation.CheckRunCount(request, runs.Count, limits);
        var plan = new SweepPlan(request, runs, notes);
        if (request.Branching)
            notes.Add(Invariant($"branching: {plan.Trunks} trunks and {plan.Branches} cooldown branches train {plan.Flops:G4} FLOPs, ") +
                Invariant($"{100 * plan.BranchingRatio:F0}% of the {plan.FlopsWithoutBranching:G4} FLOPs of training every run on its own."));
        return plan;
    }

    /// <summary>One IsoFLOP profile per budget of flopsBudgets (FLOPs, ascending); keys carry each run's iterations.</summary>
    private static List<PlannedRun> PlanIsoFlops(SweepRequest request, IReadOnlyList<double> flopsBudgets, List<string> notes)
    {
        var runs = new List<PlannedRun>();
        foreach (var flops in flopsBudgets)
        {
            foreach (var run in PlanIsoFlop(request, flops / 6.0, notes, horizon: true))
            {
                if (runs.Any(r => r.Key == run.Key))
                {
                    notes.Add(Invariant($"{run.Key} at {flops:G4} FLOPs is already planned at a nearby budget; skipped."));
                    continue;
                }
                runs.Add(run);
            }
        }
        return runs;
    }

    /// <summary>
    /// Groups the runs by size (shape, seed and regime): the longest is the trunk, every shorter one a branch that forks
    /// from it at its own cooldown start, round((1 − cooldownFraction)·I).
    /// </summary>
    private static List<PlannedRun> Branch(SweepRequest request, List<PlannedRun> runs, List<string> notes)
    {
        var byKey = runs.ToDictionary(r => r.Key);
        foreach (var size in runs.GroupBy(r => (r.Spec.Shape, r.Spec.Seed, r.Spec.Epochs, r.Spec.Dropout)))
        {
            var trunk = size.MaxBy(r => r.Spec.Iterations)!;
            var branches = size.Where(r => r != trunk).OrderBy(r => r.Spec.Iterations).ToList();
            foreach (var branch in branches)
                byKey[branch.Key] = branch with
                {
                    ParentKey = trunk.Key,
                    ForkIteration = LearningRateSchedules.ForkIteration(branch.Spec.Iterations, request.CooldownFraction),
                };
            if (branches.Count > 0)
                notes.Add(Invariant($"{size.Key.Shape} seed {size.Key.Seed}: trunk {trunk.Key} to I = {trunk.Spec.Iterations:N0}; ") +
                    string.Join(", ", branches.Select(b => Invariant($"branch I = {b.Spec.Iterations:N0} forks at {byKey[b.Key].ForkIteration:N0}"))) + ".");
        }
        return runs.Select(r => byKey[r.Key]).ToList();
    }

    /// <summary>
    /// The planned branches hold together: each names a trunk of the plan that is no branch itself, with the same
    /// shape, seed and regime, a horizon no longer than the trunk's, and forks at its own cooldown start. A branch budget
    /// larger than its trunk's is refused naming the budget list.
    /// </summary>
    public static void CheckBranches(SweepRequest request, IReadOnlyList<PlannedRun> runs)
    {
        var field = request.Kind == SweepKind.Grid ? "tokenBudgets" : "flopsBudgets";
        var byKey = new Dictionary<string, PlannedRun>();
        foreach (var run in runs)
            if (!byKey.TryAdd(run.Key, run))
                throw new ArgumentException($"two planned runs share the key {run.Key}: list each budget once.", field);
        foreach (var branch in runs.Where(r => r.ParentKey is not null))
        {
            if (!request.Branching || request.Schedule != LearningRateSchedule.Wsd)
                throw new ArgumentException($"{branch.Key} is a branch, but the sweep does not branch with a WSD schedule.", "branching");
            if (!byKey.TryGetValue(branch.ParentKey!, out var trunk) || trunk.ParentKey is not null)
                throw new ArgumentException($"{branch.Key} branches from {branch.ParentKey}, which is no trunk of this sweep.", "branching");
            if (branch.Spec.Iterations > trunk.Spec.Iterations)
                throw new ArgumentException(Invariant($"{branch.Key} would train {branch.Spec.TotalTokens:N0} tokens, more than its trunk {trunk.Key} ({trunk.Spec.TotalTokens:N0}): ") +
                    "a branch budget must not exceed its trunk's, the largest budget of its size.", field);
            if (!Branching.CanStartFrom(branch.Spec, trunk.Spec))
                throw new ArgumentException($"{branch.Key} differs from its trunk {trunk.Key} in more than its horizon.", "branching");
            var fork = Branching.ForkIteration(branch.Spec);
            if (branch.ForkIteration != fork)
                throw new ArgumentException(Invariant($"{branch.Key} forks at {branch.ForkIteration}, not at its cooldown start {fork}."), "branching");
        }
    }

    private static List<PlannedRun> PlanRecipe(SweepRequest request, double budget, List<string> notes)
    {
        var plan = ChooseShape(request, budget, request.TargetRatio);
        notes.Add(Describe(plan));
        var shape = ShapeOf(plan.Chosen, request);
        return request.SeedsOrDefault().Select(seed => Run(request, shape, plan.Chosen.Iterations, epochs: 1, dropout: 0, seed)).ToList();
    }

    private static List<PlannedRun> PlanIsoFlop(SweepRequest request, double budget, List<string> notes, bool horizon)
    {
        // Ratios log-spaced over [r/10, 10·r]: two decades around the target, e.g. 0.5 to 50 for r = 5.
        var k = request.IsoFlopPoints;
        var ratios = Enumerable.Range(0, k).Select(i => request.TargetRatio * Math.Pow(10, -1 + 2.0 * i / (k - 1))).ToList();
        var chosen = new List<PlanCandidate>();
        var first = notes.Count;
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
        notes.Insert(first, Invariant($"IsoFLOP profile at P0·T0 = {budget:G4} ({6 * budget:G4} FLOPs at 6 per parameter-token): {chosen.Count} shapes for {k} ratios log-spaced from {ratios[0]:G3} to {ratios[^1]:G3}."));
        return chosen
            .OrderBy(c => c.Params)
            .SelectMany(c => request.SeedsOrDefault().Select(seed => Run(request, ShapeOf(c, request), c.Iterations, epochs: 1, dropout: 0, seed, horizon)))
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
        catch (NoShapeFitsException e) when (request.FlopsBudget is not null || request.FlopsBudgets is not null)
        {
            // The request gave FLOPs, not P0 and T0: name the field the user actually set.
            throw new NoShapeFitsException(e.Problem, request.FlopsBudgets is not null ? nameof(request.FlopsBudgets) : nameof(request.FlopsBudget), e);
        }
    }

    internal static ModelShape ShapeOf(PlanCandidate candidate, SweepRequest request) =>
        new(candidate.DModel, candidate.Layers, candidate.Heads, request.Context, request.Tokenizer.VocabularySize());

    /// <param name="horizon">Whether the key carries the iterations: in a sweep that trains a size to several horizons.</param>
    internal static PlannedRun Run(SweepRequest request, ModelShape shape, long iterations, int epochs, double dropout, int seed, bool horizon = false)
    {
        if (iterations > int.MaxValue)
            throw new ArgumentException(Invariant($"{shape} would need {iterations:N0} iterations, more than a run can count ({int.MaxValue:N0}): lower the budget or raise the batch size."), nameof(request.Iterations));
        var spec = new RunSpec(shape, request.BatchSize, (int)iterations, epochs, dropout, request.Corpus, seed, request.LearningRate,
            request.WarmupIterations, Schedule: request.Schedule, Tokenizer: request.Tokenizer, Evaluations: (int)Math.Min(40, iterations),
            Precision: request.Precision, CooldownFraction: request.CooldownFraction, CooldownShape: request.CooldownShape);
        return new PlannedRun(Key(spec, horizon), spec, shape.Parameters, shape.FlopsPerToken, shape.FlopsPerToken * spec.TotalTokens);
    }

    /// <summary>
    /// A run's stable key within its sweep: "d128-L4-S-seed1", "d128-L4-MD(E=10)-seed1"; a cosine or WSD run says so
    /// ("d128-L4-S-wsd-seed1"), and in a sweep with several horizons per size the key carries the iterations
    /// ("d128-L4-S-wsd-I2000-seed1").
    /// </summary>
    public static string Key(RunSpec spec, bool horizon = false) =>
        $"d{spec.Shape.DModel}-L{spec.Shape.Layers}-{spec.Regime}" +
        (spec.Schedule == LearningRateSchedule.Constant ? "" : "-" + spec.Schedule.ToString().ToLowerInvariant()) +
        (horizon ? $"-I{spec.Iterations}" : "") + $"-seed{spec.Seed}";

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
