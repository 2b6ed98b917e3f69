using System.Globalization;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Science.Planning;

/// <summary>
/// Whether a corpus holds enough unique training tokens for a run: the engine cuts the training split into
/// non-overlapping windows of n_ctx tokens and a run of E epochs draws batch × iterations windows from a subset of
/// ⌈batch × iterations / E⌉ distinct ones, so a one-epoch run (S, SD) needs a distinct window for every draw. The engine
/// refuses such a run before training (RunData); the launch refuses the sweep with the same rule, before anything is stored.
/// </summary>
public static class CorpusCapacity
{
    /// <summary>Windows of <paramref name="context"/> input tokens (plus the next as target) in <paramref name="trainTokens"/> tokens.</summary>
    public static long Windows(long trainTokens, int context) => trainTokens > 0 ? (trainTokens - 1) / context : 0;

    /// <summary>Distinct windows a run of <paramref name="totalDraws"/> draws over <paramref name="epochs"/> epochs needs.</summary>
    public static long RequiredWindows(long totalDraws, int epochs) => (totalDraws + epochs - 1) / epochs;

    /// <summary>True when a training split of <paramref name="trainTokens"/> tokens can feed <paramref name="spec"/>.</summary>
    public static bool Fits(RunSpec spec, long trainTokens) =>
        RequiredWindows((long)spec.BatchSize * spec.Iterations, spec.Epochs) <= Windows(trainTokens, spec.Shape.Context);

    /// <summary>The largest iteration count <paramref name="spec"/>'s batch, context and epochs could run on the corpus.</summary>
    public static long MostIterations(RunSpec spec, long trainTokens) =>
        Windows(trainTokens, spec.Shape.Context) * spec.Epochs / spec.BatchSize;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> for "iterations" when some run of <paramref name="plan"/> needs more
    /// unique training tokens than <paramref name="trainTokens"/> (the corpus's training split under the plan's
    /// tokenizer), naming the run, what it needs, what the corpus holds and the largest iteration count that fits.
    /// </summary>
    public static void Check(SweepPlan plan, string corpus, long trainTokens)
    {
        var tooBig = plan.Runs.Where(r => !Fits(r.Spec, trainTokens)).ToList();
        if (tooBig.Count == 0) return;
        var run = tooBig.MinBy(r => MostIterations(r.Spec, trainTokens))!;
        var spec = run.Spec;
        var most = plan.Runs.Min(r => MostIterations(r.Spec, trainTokens));
        var needed = RequiredWindows((long)spec.BatchSize * spec.Iterations, spec.Epochs) * spec.Shape.Context;
        var usable = Windows(trainTokens, spec.Shape.Context) * spec.Shape.Context;
        var fix = most >= 1
            ? $"Set iterations to at most {most:N0}, or use a smaller batch, more epochs or a larger corpus."
            : "Not even one iteration fits: use a smaller batch or context, or a larger corpus.";
        if (plan.Request.Iterations == 0 && most >= 1)
            fix = $"The planner chose {spec.Iterations:N0} iterations from the budget: set iterations to at most {most:N0}, lower the budget, " +
                  "or use a smaller batch or a larger corpus.";
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"corpus \"{corpus}\" is too small for this sweep: run {run.Key} ({spec.Regime}) needs {needed:N0} unique training tokens " +
            $"(batch {spec.BatchSize} × context {spec.Shape.Context} × {spec.Iterations:N0} iterations / {spec.Epochs} epoch(s)) " +
            $"but the corpus holds {usable:N0} ({spec.Tokenizer.ToString().ToLowerInvariant()} tokenizer). {fix}"),
            nameof(SweepRequest.Iterations).ToLowerInvariant());
    }
}
