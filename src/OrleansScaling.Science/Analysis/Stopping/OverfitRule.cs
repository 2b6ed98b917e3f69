using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis.Stopping;

/// <summary>
/// The overfit rule for M(E)/MD(E) runs (Epochs &gt; 1), whose result is their best test loss and where it fell (the
/// speedup needs nothing after it). σ is the run's evaluation noise measured as <see cref="FinalLossNoise"/> measures a
/// final loss, on the (up to) ten evaluations ending at its best, where the curve is still smooth: the residual SD about
/// a line in ln(iteration). The run stops once each of its last <see cref="EarlyStopping.OverfitEvaluations"/>
/// evaluations lies more than <see cref="EarlyStopping.NoiseMultiple"/>·σ above its best. A new best starts the count
/// again. Without six evaluations up to the best there is no σ, and the run goes on.
/// </summary>
internal static class OverfitRule
{
    public static IEnumerable<StopDecision> Decide(IReadOnlyList<RunSoFar> runs, EarlyStoppingSettings settings)
    {
        foreach (var run in runs.Where(r => r.Spec.Epochs > 1 && EarlyStopping.Eligible(r, settings)))
        {
            var curve = run.Curve.Where(p => p.Iteration > 0 && double.IsFinite(p.TestLoss)).ToList();
            if (curve.Count == 0) continue;
            var bestAt = curve.FindIndex(p => p.TestLoss == curve.Min(q => q.TestLoss));
            var after = curve.Count - 1 - bestAt;
            if (after < EarlyStopping.OverfitEvaluations) continue;
            if (FinalLossNoise.Of(curve.Take(bestAt + 1).ToList()) is not { } sigma) continue;
            var best = curve[bestAt];
            var band = EarlyStopping.NoiseMultiple * sigma;
            var last = curve.TakeLast(EarlyStopping.OverfitEvaluations).ToList();
            if (!last.All(p => p.TestLoss > best.TestLoss + band)) continue;
            yield return new StopDecision(run.Key,
                FormattableString.Invariant($"past its best: test loss has stayed more than {EarlyStopping.NoiseMultiple:0.#}σ = {band:F3} nats (its evaluation noise) above its best, ")
                + FormattableString.Invariant($"{EarlyStopping.Nats(best.TestLoss)} nats at iteration {best.Iteration}, for the last {last.Count} evaluations (iterations {last[0].Iteration}–{last[^1].Iteration} of {run.Spec.Iterations}); ")
                + "its best, what the speedup needs, is kept", run.Forecast);
        }
    }
}
