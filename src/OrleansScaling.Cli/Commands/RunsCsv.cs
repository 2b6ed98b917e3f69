using System.Globalization;
using System.Text;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Commands;

/// <summary>One row per run, flat, for pandas: shape, regime, budget, status and the loss reached (nats/token).</summary>
public static class RunsCsv
{
    public const string Header = "runId,key,regime,dModel,layers,heads,context,vocab,params,flopsPerToken,batchSize,iterations," +
                                 "epochs,dropout,seed,corpus,status,iteration,tokensSeen,uniqueTokensSeen,lastTestLoss,bestTestLoss,tokensPerSecond,attempts";

    public static string Write(IEnumerable<RunView> runs)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in runs)
        {
            var s = r.Spec;
            text.AppendJoin(',', Quote(r.RunId), Quote(r.Key), Quote(r.Regime), N(s.Shape.DModel), N(s.Shape.Layers), N(s.Shape.Heads),
                N(s.Shape.Context), N(s.Shape.Vocab), N(r.Parameters), N(s.Shape.FlopsPerToken), N(s.BatchSize), N(s.Iterations),
                N(s.Epochs), N(s.Dropout), N(s.Seed), Quote(s.Corpus), Units.Name(r.Status), N(r.Progress.Iteration), N(r.Progress.TokensSeen),
                N(r.Progress.UniqueTokensSeen), N(r.Progress.LastTestLoss), N(r.Progress.BestTestLoss), N(r.Progress.TokensPerSecond),
                N(r.Attempts.Count)).Append('\n');
        }
        return text.ToString();
    }

    private static string N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    // RFC 4180: quote a field that holds a comma, a quote or a line break (corpus paths may).
    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
