using System.Globalization;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Planning;

/// <summary>
/// The paper's recipe at a fixed budget P·T = P0·T0: the shape whose T/P is closest to r in log space.
/// Each allowed shape gets the iteration count I = round(P0·T0 / (P·c)) that best keeps the budget; it is
/// feasible when |P·c·I / (P0·T0) − 1| ≤ tolerance; feasible shapes are ranked by |log r − log(T/P)|,
/// then by budget error, then by size.
/// </summary>
public static class RecipePlanner
{
    /// <summary>The most iterations a run can count (its spec holds an int).</summary>
    public const long MaxIterations = int.MaxValue;

    public static RecipePlan Plan(RecipeRequest request)
    {
        Validate(request);
        var budget = request.P0 * request.T0;
        var c = request.TokensPerIteration;
        var shapes = (request.Shapes ?? new ShapeSpace()).Enumerate(request.Context, request.Vocab);
        var ranked = shapes
            .Select(shape => Candidate(shape, budget, c, request.TokensPerSecond))
            .Where(candidate => candidate.Iterations <= MaxIterations && Math.Abs(candidate.BudgetError) <= request.BudgetTolerance)
            .OrderBy(candidate => Math.Abs(Math.Log(request.TargetRatio) - Math.Log(candidate.Ratio)))
            .ThenBy(candidate => Math.Abs(candidate.BudgetError))
            .ThenBy(candidate => candidate.Params)
            .Take(request.MaxCandidates)
            .ToList();
        if (ranked.Count == 0) throw NoShapeFits(request, shapes, budget);
        return new RecipePlan(
            TargetParams: Math.Sqrt(budget / request.TargetRatio),
            TargetTokens: Math.Sqrt(request.TargetRatio * budget),
            Budget: budget,
            TargetRatio: request.TargetRatio,
            BudgetTolerance: request.BudgetTolerance,
            TokensPerIteration: c,
            Chosen: ranked[0],
            Candidates: ranked);
    }

    /// <summary>The candidate for one shape: the iteration count nearest to the budget (at least one).</summary>
    public static PlanCandidate Candidate(ModelShape shape, double budget, long tokensPerIteration, double? tokensPerSecond)
    {
        var p = shape.Parameters;
        // Clamped so a budget far too large gives a candidate with too many iterations, not an overflowed count.
        var exact = Math.Round(budget / ((double)p * tokensPerIteration), MidpointRounding.AwayFromZero);
        var iterations = (long)Math.Clamp(exact, 1, MaxIterations + 1.0);
        var tokens = iterations * tokensPerIteration;
        return new PlanCandidate(
            shape.DModel, shape.Layers, shape.Heads, p, iterations, tokens,
            Ratio: (double)tokens / p,
            BudgetError: (double)p * tokens / budget - 1.0,
            FlopsPerToken: shape.FlopsPerToken,
            Flops: shape.FlopsPerToken * tokens,
            EstimatedWallSeconds: tokens / tokensPerSecond);
    }

    private static NoShapeFitsException NoShapeFits(RecipeRequest request, IReadOnlyList<ModelShape> shapes, double budget)
    {
        var smallest = shapes.MinBy(s => s.Parameters)!;
        var largest = shapes.MaxBy(s => s.Parameters)!;
        var most = (double)largest.Parameters * request.TokensPerIteration * MaxIterations;
        if (budget > most)
            return new NoShapeFitsException(string.Create(CultureInfo.InvariantCulture,
                $"the budget P0·T0 = {budget:G4} is too large: even the largest shape, {largest} with P = {largest.Parameters:N0}, " +
                $"would need more than {MaxIterations:N0} iterations at {request.TokensPerIteration} tokens/iteration. " +
                $"Lower P0·T0 to at most {most:G3}, or raise the tokens per iteration (batch × context)."), nameof(RecipeRequest.P0));
        // With I = round(B/(P·c)) the budget error is at most P·c/(2B), so B ≥ P·c/(2·tolerance) always fits.
        var enough = smallest.Parameters * (double)request.TokensPerIteration / (2 * request.BudgetTolerance);
        return new NoShapeFitsException(string.Create(CultureInfo.InvariantCulture,
            $"no shape fits the budget P0·T0 = {budget:G4} within ±{request.BudgetTolerance:P1} at {request.TokensPerIteration} tokens/iteration: " +
            $"the smallest possible P is {smallest.Parameters:N0} ({smallest}), the largest is {largest.Parameters:N0} ({largest}). " +
            $"Raise P0·T0 to at least {enough:G3}, or lower the tokens per iteration (batch × context)."), nameof(RecipeRequest.P0));
    }

    private static void Validate(RecipeRequest r)
    {
        if (!(r.P0 > 0) || !double.IsFinite(r.P0))
            throw new ArgumentException($"p0 (parameters) must be a positive number (got {r.P0}); e.g. 1e6.", nameof(r.P0));
        if (!(r.T0 > 0) || !double.IsFinite(r.T0))
            throw new ArgumentException($"t0 (tokens) must be a positive number (got {r.T0}); e.g. 5e6.", nameof(r.T0));
        if (!(r.TargetRatio > 0) || !double.IsFinite(r.TargetRatio))
            throw new ArgumentException($"ratio (T/P) must be positive (got {r.TargetRatio}); the paper's optimum is 5.", nameof(r.TargetRatio));
        if (r.TokensPerIteration <= 0)
            throw new ArgumentException($"tokens per iteration must be positive (got {r.TokensPerIteration}); it is batch × context, e.g. 16 × 128 = 2048.", nameof(r.TokensPerIteration));
        if (r.Vocab <= 0) throw new ArgumentException($"vocab must be positive (got {r.Vocab}); 256 for bytes, 50257 for GPT-2.", nameof(r.Vocab));
        if (r.Context <= 0) throw new ArgumentException($"context must be positive (got {r.Context}); e.g. 128.", nameof(r.Context));
        if (!(r.BudgetTolerance > 0 && r.BudgetTolerance < 1))
            throw new ArgumentException($"budget tolerance is a fraction in (0, 1) (got {r.BudgetTolerance}); e.g. 0.02 for ±2%.", nameof(r.BudgetTolerance));
        if (r.TokensPerSecond is { } tps && !(tps > 0 && double.IsFinite(tps)))
            throw new ArgumentException($"tokens per second must be positive (got {tps}); omit it to skip wall-time estimates.", nameof(r.TokensPerSecond));
        if (r.MaxCandidates <= 0)
            throw new ArgumentException($"the number of candidates to list must be positive (got {r.MaxCandidates}).", nameof(r.MaxCandidates));
    }
}
