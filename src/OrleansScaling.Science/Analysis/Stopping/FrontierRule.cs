using System.Globalization;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Analysis.Stopping;

/// <summary>
/// The frontier rule for scaling runs (<see cref="RunSpec.IsScalingPoint"/>): IsoFLOP profiles and grids alike.
/// <para>A run's budget is its final training FLOPs C = 6·N·D. The best at that budget is the lowest of (a) the final
/// losses of the runs whose final FLOPs are within <see cref="ComputeBudgets.Tolerance"/> of C, as <see cref="ComputeBudgets"/>
/// groups them (a finished run's last test loss, a running or stopped run's forecast), and (b) the compute frontier at C:
/// the lower envelope of every other scaling run's curve read at C FLOPs (6·N·tokens at each evaluation, log-log
/// interpolated), for the curves that have already passed C. (b) is what a grid sweep's run is held against; in an
/// IsoFLOP sweep the curves reach C only at their ends, so (a) decides. With a cosine or WSD schedule a longer run's
/// loss part-way is not annealed, so the envelope sits above what a run ending at C reaches: it stops fewer runs, never
/// more.</para>
/// <para>A run is stopped when the lower end of its forecast's 95% interval exceeds that best by more than
/// <see cref="EarlyStopping.FrontierMargin"/>. Nothing is stopped at a budget until every run there has a final loss or
/// a forecast (the best is not known before). An IsoFLOP budget (runs of <see cref="AnalysisSettings.MinimumIsoFlopSizes"/>
/// sizes or more) keeps <see cref="EarlyStopping.KeepPerBudget"/> runs not stopped: the one with the lowest final loss or
/// forecast (the predicted optimum), its nearest kept neighbour in size on each side where there is one, and the sizes
/// nearest it in ln N up to three; of the others it stops those the margin condemns, highest interval first, while
/// more than three remain. Elsewhere (a grid's budgets, one or two sizes each) nothing is held back: the margin itself
/// never stops the run with the budget's lowest forecast unless the frontier traced by longer runs lies below it.</para>
/// </summary>
internal static class FrontierRule
{
    private enum State { Running, Ended, Stopped }

    private sealed record Member(RunSoFar Run, double Flops, double? Estimate, State State)
    {
        public long Params => Run.Spec.Shape.Parameters;
    }

    public static IEnumerable<StopDecision> Decide(IReadOnlyList<RunSoFar> runs, EarlyStoppingSettings settings)
    {
        var multiEpoch = runs.Where(r => r.Spec.Epochs > 1).ToList();
        var members = runs.Where(r => r.Spec.IsScalingPoint).Select(ToMember).OfType<Member>().ToList();
        var decisions = new List<StopDecision>();
        // Grouped as the pipeline groups budgets; ties in FLOPs in key order, so decisions do not depend on the runs' order.
        foreach (var group in ComputeBudgets.Group(members.OrderBy(m => m.Run.Key, StringComparer.Ordinal), m => m.Flops))
        {
            if (group.Any(m => m.Estimate is null)) continue;
            var best = group.MinBy(m => m.Estimate!.Value)!;
            var isoFlop = group.Select(m => m.Params).Distinct().Count() >= AnalysisSettings.MinimumIsoFlopSizes;
            // Elsewhere the margin alone keeps the budget's best (its interval cannot lie above its own forecast) unless the frontier beats it.
            var keep = isoFlop ? Protected(group, best) : [];
            var budget = ComputeBudgets.Budget(group.Select(m => m.Flops));
            var condemned = new List<(Member Member, double Lo, string Reason)>();
            foreach (var m in group)
            {
                if (m.State != State.Running || keep.Contains(m.Run.Key) || !EarlyStopping.Eligible(m.Run, settings)) continue;
                if (multiEpoch.Any(multi => IsTwin(m.Run, multi))) continue; // the paper comparison's S runs run to the end
                if (m.Run.Forecast is not { Interval: [{ } lo, var hi] } forecast || !double.IsFinite(lo)) continue;
                var (bestLoss, bestWhat) = (best.Estimate!.Value, $"{best.Run.Key}'s {(best.State == State.Ended ? "final loss" : "forecast")}");
                if (Envelope(members, m) is { } envelope && envelope.Loss < bestLoss)
                    (bestLoss, bestWhat) = (envelope.Loss, $"the compute frontier there ({envelope.Key}'s curve)");
                if (!(lo > bestLoss * (1 + EarlyStopping.FrontierMargin))) continue;
                var at = m.Run.Curve[^1].Iteration;
                condemned.Add((m, lo,
                    Invariant($"off the compute frontier: at iteration {at} of {m.Run.Spec.Iterations} its final test loss is forecast {EarlyStopping.Nats(forecast.FinalLoss)} nats, ")
                    + Invariant($"95% interval [{EarlyStopping.Nats(lo)}, {(hi is { } h ? EarlyStopping.Nats(h) : "open")}], wholly above the best at its budget of {EarlyStopping.Flops(budget)} FLOPs, ")
                    + Invariant($"{EarlyStopping.Nats(bestLoss)} nats ({bestWhat}), by more than {EarlyStopping.FrontierMargin * 100:0.#}%")));
            }
            var room = isoFlop ? group.Count(m => m.State != State.Stopped) - EarlyStopping.KeepPerBudget : int.MaxValue;
            decisions.AddRange(condemned.OrderByDescending(c => c.Lo).Take(Math.Max(0, room))
                .Select(c => new StopDecision(c.Member.Run.Key, c.Reason, c.Member.Run.Forecast)));
        }
        return decisions;
    }

    /// <summary>The run as a member of its budget; null when it ended without a usable final loss or forecast (diverged).</summary>
    private static Member? ToMember(RunSoFar run)
    {
        var flops = 6.0 * run.Spec.Shape.Parameters * run.Spec.TotalTokens;
        if (!run.Finished) return new Member(run, flops, Usable(run.Forecast?.FinalLoss), State.Running);
        if (EarlyStopping.EndedShort(run))
            return Usable(run.Forecast?.FinalLoss) is { } forecast ? new Member(run, flops, forecast, State.Stopped) : null;
        var last = run.Curve.LastOrDefault(p => double.IsFinite(p.TestLoss) && p.TestLoss > 0);
        return last is null ? null : new Member(run, flops, last.TestLoss, State.Ended);
    }

    private static double? Usable(double? loss) => loss is > 0 and < double.PositiveInfinity ? loss : null;

    /// <summary>
    /// The runs an IsoFLOP budget keeps: its best (when not stopped), the nearest kept size on each side of it, and the
    /// sizes nearest it in ln N up to <see cref="EarlyStopping.KeepPerBudget"/>.
    /// </summary>
    private static HashSet<string> Protected(List<Member> group, Member best)
    {
        var alive = group.Where(m => m.State != State.Stopped).ToList();
        var keep = new HashSet<string>();
        if (best.State != State.Stopped) keep.Add(best.Run.Key);
        if (alive.Where(m => m.Params < best.Params).MaxBy(m => m.Params) is { } below) keep.Add(below.Run.Key);
        if (alive.Where(m => m.Params > best.Params).MinBy(m => m.Params) is { } above) keep.Add(above.Run.Key);
        foreach (var m in alive.OrderBy(m => Math.Abs(Math.Log((double)m.Params / best.Params))).ThenBy(m => m.Run.Key, StringComparer.Ordinal))
        {
            if (keep.Count >= EarlyStopping.KeepPerBudget) break;
            keep.Add(m.Run.Key);
        }
        return keep;
    }

    /// <summary>The lowest test loss any other scaling run's curve reached at <paramref name="run"/>'s final FLOPs, log-log interpolated.</summary>
    private static (double Loss, string Key)? Envelope(List<Member> members, Member run)
    {
        (double Loss, string Key)? lowest = null;
        var target = Math.Log(run.Flops);
        foreach (var other in members)
        {
            if (ReferenceEquals(other, run)) continue;
            var points = other.Run.Curve.Where(p => p.Tokens > 0 && double.IsFinite(p.TestLoss) && p.TestLoss > 0)
                .Select(p => (X: Math.Log(6.0 * other.Params * p.Tokens), Y: Math.Log(p.TestLoss))).ToList();
            for (var k = 1; k < points.Count; k++)
            {
                var (a, b) = (points[k - 1], points[k]);
                if (!(a.X <= target && target <= b.X) || b.X <= a.X) continue;
                var loss = Math.Exp(a.Y + (b.Y - a.Y) * (target - a.X) / (b.X - a.X));
                if (lowest is null || loss < lowest.Value.Loss) lowest = (loss, other.Run.Key);
                break;
            }
        }
        return lowest;
    }

    /// <summary>An S run is the speedup twin of an M(E)/MD(E) run: everything the same but the epochs (and dropout 0 on both).</summary>
    private static bool IsTwin(RunSoFar single, RunSoFar multi) =>
        single.Spec.Shape == multi.Spec.Shape && single.Spec.Seed == multi.Spec.Seed && single.Spec.Dropout == multi.Spec.Dropout
        && single.Spec.Iterations == multi.Spec.Iterations && single.Spec.TokensPerIteration == multi.Spec.TokensPerIteration
        && single.Spec.Corpus == multi.Spec.Corpus;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
