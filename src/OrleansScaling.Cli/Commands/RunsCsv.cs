using System.Globalization;
using System.Text;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Commands;

/// <summary>
/// One row per run, flat, for pandas: its whole spec (every column of <see cref="RunSpecColumns"/>, so `osc report`
/// reads back the spec that trained), regime, budget, status and the loss reached (nats/token). The first columns keep
/// the order older exports had; the spec's other fields follow at the end.
/// </summary>
public static class RunsCsv
{
    /// <summary>The columns older exports had, in their order; spec columns among them are written by <see cref="RunSpecColumns"/>.</summary>
    private static readonly string[] Leading =
    [
        "runId", "key", "regime", "dModel", "layers", "heads", "context", "vocab", "params", "flopsPerToken", "batchSize", "iterations",
        "epochs", "dropout", "seed", "corpus", "status", "iteration", "tokensSeen", "uniqueTokensSeen", "lastTestLoss", "bestTestLoss",
        "tokensPerSecond", "attempts",
    ];

    /// <summary>The run's forecast (a stopped run's is the one its stop rested on, which `osc report` uses as its final
    /// loss): test loss in nats at forecastToIteration, the 95% interval's ends (empty when open), the last iteration fitted.</summary>
    public static readonly string[] ForecastColumns = ["forecastFinalLoss", "forecastLo", "forecastHi", "forecastFromIteration", "forecastToIteration"];

    /// <summary>Every column: the leading ones, then each spec column they lack, in <see cref="RunSpecColumns.All"/>'s order, then why a run stopped (a diverged run's reason), its forecast, and a cooldown branch's trunk and fork (empty for other runs).</summary>
    public static IReadOnlyList<string> Columns { get; } = [.. Leading, .. RunSpecColumns.Names.Except(Leading), "stopReason", .. ForecastColumns, "parentRunId", "forkIteration"];

    public static string Header { get; } = string.Join(',', Columns);

    public static string Write(IEnumerable<RunView> runs)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in runs)
            text.AppendJoin(',', Columns.Select(c => RunSpecColumns.Quote(Field(r, c)))).Append('\n');
        return text.ToString();
    }

    private static string Field(RunView r, string column) => column switch
    {
        _ when RunSpecColumns.Contains(column) => RunSpecColumns.Format(r.Spec, column),
        "runId" => r.RunId,
        "key" => r.Key,
        "regime" => r.Regime,
        "params" => N(r.Parameters),
        "flopsPerToken" => N(r.Spec.Shape.FlopsPerToken),
        "status" => Units.Name(r.Status),
        "iteration" => N(r.Progress.Iteration),
        "tokensSeen" => N(r.Progress.TokensSeen),
        "uniqueTokensSeen" => N(r.Progress.UniqueTokensSeen),
        "lastTestLoss" => N(r.Progress.LastTestLoss),
        "bestTestLoss" => N(r.Progress.BestTestLoss),
        "tokensPerSecond" => N(r.Progress.TokensPerSecond),
        "attempts" => N(r.Attempts.Count),
        "stopReason" => r.StopReason ?? "",
        "forecastFinalLoss" => N(r.Forecast?.FinalLoss),
        "forecastLo" => r.Forecast?.Interval is [var lo, _] ? N(lo) : "",
        "forecastHi" => r.Forecast?.Interval is [_, var hi] ? N(hi) : "",
        "forecastFromIteration" => r.Forecast is { } f ? N(f.FromIteration) : "",
        "parentRunId" => r.ParentRunId ?? "",
        "forkIteration" => r.ForkIteration is { } fork ? N(fork) : "",
        "forecastToIteration" => r.Forecast is { } g ? N(g.ToIteration) : "",
        _ => throw new InvalidOperationException($"runs.csv has no writer for column '{column}'."),
    };

    private static string N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
