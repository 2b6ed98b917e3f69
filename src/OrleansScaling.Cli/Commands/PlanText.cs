using System.Globalization;
using System.Text;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Planning;

namespace OrleansScaling.Cli.Commands;

/// <summary>The human-readable `osc plan` output, every number with its unit.</summary>
internal static class PlanText
{
    public static string Render(RecipePlan plan, Func<PlanCandidate, LossPrediction>? predict = null)
    {
        var c = plan.Chosen;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"budget       P0·T0 = {plan.Budget:G4} parameter-tokens (≈ {6 * plan.Budget:G3} FLOPs at 6 per parameter-token)"));
        text.AppendLine(Invariant($"optimum      P* = {plan.TargetParams:N0} parameters, T* = {plan.TargetTokens:N0} tokens (T/P = {plan.TargetRatio:G4})"));
        text.AppendLine(Invariant($"chosen       d={c.DModel} L={c.Layers} heads={c.Heads}: {c.Params:N0} parameters, {c.Iterations:N0} iterations × {plan.TokensPerIteration:N0} tokens = {c.Tokens:N0} tokens"));
        text.AppendLine(Invariant($"             T/P = {c.Ratio:F2}, budget error {c.BudgetError:+0.00%;-0.00%} (tolerance ±{plan.BudgetTolerance:0.##%}), {c.Flops:G3} FLOPs{Wall(c)}"));
        if (predict?.Invoke(c) is { } chosen)
            text.AppendLine(Invariant($"             predicted final test loss {chosen.Loss:F4}{AnalyzeFits.Iv(chosen.Interval, "F4")} nats (--fit; 95% prediction interval)"));
        text.AppendLine();
        text.AppendLine("candidates (closest T/P first):");
        text.AppendLine("  d_model  layers  heads       params   iterations         tokens      T/P  budget err       FLOPs" + (predict is null ? "" : "  predicted loss [95%] (nats)"));
        foreach (var x in plan.Candidates)
            text.AppendLine(Invariant($"  {x.DModel,7}  {x.Layers,6}  {x.Heads,5}  {x.Params,11:N0}  {x.Iterations,11:N0}  {x.Tokens,13:N0}  {x.Ratio,7:F2}  {x.BudgetError,10:+0.00%;-0.00%}  {x.Flops,10:G3}") + Predicted(predict, x));
        return text.ToString().TrimEnd();
    }

    /// <summary>`osc plan --sweep`: one line per run (a branch names its trunk and fork), then the compute with and without branching.</summary>
    public static string Render(SweepPlanView plan)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"sweep {plan.Name} ({Units.Name(plan.Kind)}, schedule {Units.Name(plan.Schedule)}{(plan.Branching ? ", branching" : "")}): {plan.Runs.Count} runs"));
        text.AppendLine();
        text.AppendLine("  key                                   d_model  layers       params   iterations         tokens       FLOPs  schedule  branch of (fork)");
        foreach (var r in plan.Runs)
            text.AppendLine(Invariant($"  {r.Key,-36}  {r.DModel,7}  {r.Layers,6}  {r.Params,11:N0}  {r.Iterations,11:N0}  {r.Tokens,13:N0}  {r.Flops,10:G3}  {Units.Name(r.Schedule),-8}  ") +
                (r.ParentKey is null ? "-" : Invariant($"{r.ParentKey} ({r.ForkIteration:N0})")));
        text.AppendLine();
        text.AppendLine(Invariant($"compute      {plan.Flops:G4} FLOPs as planned (each iteration once)"));
        if (plan.Branching)
            text.AppendLine(Invariant($"             {plan.FlopsWithoutBranching:G4} FLOPs without branching: {plan.Trunks} trunks and {plan.Branches} branches train {100 * plan.BranchingRatio:F1}% of it"));
        if (plan.Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("notes:");
            foreach (var note in plan.Notes) text.AppendLine("  " + note);
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>An ArgumentException's message without .NET's " (Parameter 'x')" suffix: the message already names the field.</summary>
    public static string Plain(ArgumentException e) =>
        e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;

    public static string Duration(double seconds) => seconds switch
    {
        < 120 => Invariant($"{seconds:F0} s"),
        < 7200 => Invariant($"{seconds / 60:F1} min"),
        < 172_800 => Invariant($"{seconds / 3600:F1} h"),
        _ => Invariant($"{seconds / 86400:F1} days"),
    };

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Predicted(Func<PlanCandidate, LossPrediction>? predict, PlanCandidate c) =>
        predict?.Invoke(c) is { } p ? Invariant($"  {p.Loss:F4}{AnalyzeFits.Iv(p.Interval, "F4")}") : "";

    private static string Wall(PlanCandidate c) => c.EstimatedWallSeconds is { } s ? $", about {Duration(s)} of training" : "";
}
