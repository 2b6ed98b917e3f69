using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;
using static OrleansScaling.Science.Planning.SweepPlanner;

namespace OrleansScaling.Science.Planning;

/// <summary>
/// A grid of sizes × token budgets (Chinchilla's approaches 1 and 3): one S run per width of dModels (at depth layers,
/// heads of size 64) and training-token count of tokenBudgets, I = round(T / c) iterations of c = batch × context tokens.
/// Keys carry the iterations ("d128-L4-S-wsd-I2000-seed1").
/// </summary>
internal static class GridPlanner
{
    public static List<PlannedRun> Plan(SweepRequest request, List<string> notes)
    {
        var c = (long)request.BatchSize * request.Context;
        var vocab = request.Tokenizer.VocabularySize();
        var dModels = request.DModels ?? throw new ArgumentException("a grid sweep needs its sizes: give dModels, e.g. [128, 192, 256].", nameof(request.DModels));
        var budgets = request.TokenBudgets ?? throw new ArgumentException("a grid sweep needs tokenBudgets, e.g. [1e6, 2e6, 4e6].", nameof(request.TokenBudgets));
        var iterations = new List<long>();
        foreach (var tokens in budgets)
        {
            var i = Math.Max(1L, (long)Math.Round(tokens / c, MidpointRounding.AwayFromZero));
            if (iterations.Contains(i))
                throw new ArgumentException(Invariant($"tokenBudgets: {tokens:G4} tokens rounds to {i:N0} iterations of {c:N0} tokens, as does a smaller budget; ") +
                    "space the budgets further apart (a run trains whole iterations of batch × context tokens).", nameof(request.TokenBudgets));
            iterations.Add(i);
        }
        notes.Add(Invariant($"grid: {dModels.Count} widths at {request.Layers} layers × {budgets.Count} token budgets, ") +
            Invariant($"I = round(T / {c:N0}) iterations each: {string.Join(", ", iterations.Select(i => Invariant($"{i:N0}")))}."));
        var runs = new List<PlannedRun>();
        foreach (var shape in dModels.Select(d => new ModelShape(d, request.Layers, ShapeSpace.HeadsFor(d), request.Context, vocab).Validate())
                     .OrderBy(s => s.Parameters))
        {
            notes.Add(Invariant($"{shape}: P = {shape.Parameters:N0}, T/P from {(double)iterations[0] * c / shape.Parameters:G3} to {(double)iterations[^1] * c / shape.Parameters:G3}."));
            foreach (var seed in request.SeedsOrDefault())
                foreach (var i in iterations)
                    runs.Add(Run(request, shape, i, epochs: 1, dropout: 0, seed, horizon: true));
        }
        return runs;
    }
}
