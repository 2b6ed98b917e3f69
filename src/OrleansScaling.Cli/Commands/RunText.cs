using System.Text;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Commands;

/// <summary>How training runs read on a terminal.</summary>
public static class RunText
{
    public static string List(IReadOnlyList<RunView> runs)
    {
        if (runs.Count == 0) return "no runs.\n";
        var table = new TextTable("RUN ID", "KEY", "REGIME", "PARAMS", "STATUS", "ITERATION", "TEST LOSS", "BEST TEST LOSS", "SPEED", "SILO/SLOT");
        foreach (var r in runs)
            table.Add(r.RunId, r.Key, r.Regime, Units.Params(r.Parameters), Units.Name(r.Status),
                $"{r.Progress.Iteration}/{r.Spec.Iterations} ({Units.Percent(r.Fraction)})", Units.Loss(r.Progress.LastTestLoss),
                Units.Loss(r.Progress.BestTestLoss), Units.Speed(r.Progress.TokensPerSecond),
                r.CurrentAttempt is { } a ? $"{SiloNames.HostPort(a.Silo)}/{a.Slot}" : "-");
        return table.ToString();
    }

    public static string Show(RunView run)
    {
        var spec = run.Spec;
        var text = new StringBuilder()
            .AppendLine($"run {run.RunId} ({run.Key}) of experiment {run.ExperimentId}: {Units.Name(run.Status)}")
            .AppendLine($"  model      {spec.Shape}, {Units.Params(run.Parameters)}, {Units.Flops(spec.Shape.FlopsPerToken)} per token")
            .AppendLine($"  regime     {run.Regime}: {spec.Epochs} epoch(s), dropout {Units.Number(spec.Dropout)}, seed {spec.Seed}, corpus {spec.Corpus}, {Units.Name(spec.Tokenizer)} tokens")
            .AppendLine($"  budget     {spec.Iterations} iterations × {spec.TokensPerIteration} tokens = {Units.Tokens(spec.TotalTokens)}, " +
                        $"{Units.Flops(spec.Shape.FlopsPerToken * spec.TotalTokens)}; device {Units.Name(run.Device)}")
            .AppendLine($"  schedule   {Units.Name(spec.Schedule)}" +
                        (spec.Schedule == LearningRateSchedule.Wsd ? $", cooldown over the last {Units.Number(spec.CooldownFraction)} ({Units.Name(spec.CooldownShape)})" : "") +
                        $", peak {Units.Number(spec.LearningRate)}, warmup {spec.WarmupIterations} iterations" +
                        (run.ParentRunId is { } parent ? $"; branch of {parent} from iteration {run.ForkIteration}" : ""))
            .AppendLine($"  progress   iteration {run.Progress.Iteration}/{spec.Iterations} ({Units.Percent(run.Fraction)}), " +
                        $"{Units.Tokens(run.Progress.TokensSeen)} seen ({Units.Tokens(run.Progress.UniqueTokensSeen)} unique), {Units.Speed(run.Progress.TokensPerSecond)}")
            .AppendLine($"  test loss  last {Units.Loss(run.Progress.LastTestLoss)}, best {Units.Loss(run.Progress.BestTestLoss)}")
            .AppendLine($"  checkpoint {(run.LastCheckpoint is { } c ? $"iteration {c.Iteration} at {c.Location} ({Units.Time(c.SavedAt)})" : "none")}")
            .AppendLine($"  created    {Units.Time(run.CreatedAt)}, finished {Units.Time(run.FinishedAt)}");
        if (run.Status is RunStatus.Running or RunStatus.StoppedEarly && run.Forecast is { } f)
            text.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  forecast   {Units.Loss(f.FinalLoss)} at iteration {f.ToIteration}, 95% interval{AnalyzeFits.Iv(f.Interval, "0.000")}, from the curve up to iteration {f.FromIteration}"));
        if (run.StopReason is { } stop) text.AppendLine($"  stopped    {stop}");
        if (run.FailureReason is { } reason) text.AppendLine($"  failure    {reason}");
        if (run.Attempts.Count == 0) return text.ToString();
        var attempts = new TextTable("ATTEMPT", "SILO", "SLOT", "STARTED", "RESUMED FROM ITERATION", "ENDED", "END REASON");
        foreach (var a in run.Attempts)
            attempts.Add(a.Number.ToString(), SiloNames.HostPort(a.Silo), a.Slot, Units.Time(a.StartedAt), a.ResumedFromIteration.ToString(), Units.Time(a.EndedAt), a.EndReason ?? "-");
        return text.AppendLine().Append(attempts).ToString();
    }
}
