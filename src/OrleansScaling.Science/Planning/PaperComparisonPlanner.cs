using OrleansScaling.Science.Runs;
using static OrleansScaling.Science.Planning.SweepPlanner;

namespace OrleansScaling.Science.Planning;

/// <summary>
/// The paper's Table 2 design: per size and seed, S (one epoch, no dropout), SD (dropout), and for each E
/// M(E) and MD(E): E epochs over 1/E of S's tokens, i.e. the same iterations with Epochs = E.
/// </summary>
internal static class PaperComparisonPlanner
{
    public static List<PlannedRun> Plan(SweepRequest request, double? budget, List<string> notes)
    {
        var c = (long)request.BatchSize * request.Context;
        var shapes = Sizes(request, budget, notes);
        if (request.Dropout == 0) notes.Add("dropout is 0, so SD and MD(E) would repeat S and M(E): only S and M(E) are planned.");
        var runs = new List<PlannedRun>();
        foreach (var shape in shapes)
        {
            var p = shape.Parameters;
            long iterations;
            if (request.Iterations > 0)
            {
                iterations = request.Iterations;
                notes.Add(Invariant($"{shape}: P = {p:N0}, I = {iterations:N0} as requested (T/P = {(double)iterations * c / p:G3} for S)."));
            }
            else if (budget is { } b)
            {
                iterations = Math.Max(1L, (long)Math.Round(b / ((double)p * c), MidpointRounding.AwayFromZero));
                notes.Add(Invariant($"{shape}: P = {p:N0}, I = {iterations:N0} keeps P·T = P0·T0 = {b:G4} (T/P = {(double)iterations * c / p:G3} for S)."));
            }
            else
            {
                iterations = Math.Max(1L, (long)Math.Round(request.TargetRatio * p / c, MidpointRounding.AwayFromZero));
                notes.Add(Invariant($"{shape}: P = {p:N0}, I = {iterations:N0} gives S the target T/P = {request.TargetRatio:G3} (no budget or iterations given)."));
            }
            foreach (var seed in request.SeedsOrDefault())
            {
                runs.Add(Run(request, shape, iterations, epochs: 1, dropout: 0, seed));
                if (request.Dropout > 0) runs.Add(Run(request, shape, iterations, epochs: 1, request.Dropout, seed));
                foreach (var epochs in request.EpochsOrDefault())
                {
                    runs.Add(Run(request, shape, iterations, epochs, dropout: 0, seed));
                    if (request.Dropout > 0) runs.Add(Run(request, shape, iterations, epochs, request.Dropout, seed));
                }
            }
        }
        return runs;
    }

    private static IEnumerable<Shapes.ModelShape> Sizes(SweepRequest request, double? budget, List<string> notes)
    {
        var vocab = request.Tokenizer.VocabularySize();
        if (request.DModels is { } dModels)
            return dModels.Select(d => new Shapes.ModelShape(d, request.Layers, ShapeSpace.HeadsFor(d), request.Context, vocab).Validate());
        if (budget is not { } b)
            throw new ArgumentException("a paper comparison needs its sizes: give dModels (e.g. [128, 256]), or a budget (p0 and t0, or flopsBudget) so the planner chooses one.", nameof(request.DModels));
        var plan = ChooseShape(request, b, request.TargetRatio);
        notes.Add("size chosen by the recipe: " + Describe(plan));
        return [ShapeOf(plan.Chosen, request)];
    }
}
