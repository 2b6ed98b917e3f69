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

    public static IReadOnlyList<LossObservation> Assign(IEnumerable<LossObservation> runs) =>
        Group(runs, Flops).SelectMany(g =>
        {
            var budget = Budget(g.Select(Flops));
            return g.Select(r => r with { Budget = budget });
        }).ToList();

    /// <summary>
    /// The one grouping rule: <paramref name="items"/> sorted by <paramref name="flops"/> (a stable sort: ties keep the
    /// given order), each joining the group before it when within <see cref="Tolerance"/> of that group's smallest.
    /// </summary>
    public static List<List<T>> Group<T>(IEnumerable<T> items, Func<T, double> flops)
    {
        var groups = new List<List<T>>();
        foreach (var item in items.OrderBy(flops))
        {
            if (groups.Count == 0 || flops(item) > flops(groups[^1][0]) * (1 + Tolerance)) groups.Add([]);
            groups[^1].Add(item);
        }
        return groups;
    }

    /// <summary>A budget: the geometric mean of its runs' FLOPs.</summary>
    public static double Budget(IEnumerable<double> flops) => Math.Exp(flops.Average(Math.Log));

    public static double Flops(LossObservation run) => 6 * run.Params * run.Tokens;
}
