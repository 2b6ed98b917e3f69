using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// The compute budgets of an experiment's runs, which carry no budget of their own: sorted by FLOPs (6·N·D), a run
/// joins the budget of the run before it when its FLOPs are within <see cref="Tolerance"/> of that budget's smallest
/// (the planner places an IsoFLOP profile's runs within ±2% of its budget); a budget is the geometric mean of its
/// runs' FLOPs.
/// </summary>
public static class ComputeBudgets
{
    public const double Tolerance = 0.05;

    public static IReadOnlyList<LossObservation> Assign(IEnumerable<LossObservation> runs)
    {
        var groups = new List<List<LossObservation>>();
        foreach (var run in runs.OrderBy(Flops))
        {
            if (groups.Count == 0 || Flops(run) > Flops(groups[^1][0]) * (1 + Tolerance)) groups.Add([]);
            groups[^1].Add(run);
        }
        return groups.SelectMany(g =>
        {
            var budget = Math.Exp(g.Average(r => Math.Log(Flops(r))));
            return g.Select(r => r with { Budget = budget });
        }).ToList();
    }

    public static double Flops(LossObservation run) => 6 * run.Params * run.Tokens;
}
