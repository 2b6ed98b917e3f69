using System.Globalization;
using System.Text;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>
/// A learning curve as CSV, the columns `osc analyze --curve` and pandas read by name: iteration, tokens, flops,
/// trainLoss, testLoss (nats/token), learningRate, wallSeconds, tokensPerSecond.
/// </summary>
public static class CurveCsv
{
    public const string Header = "iteration,tokens,flops,trainLoss,testLoss,learningRate,wallSeconds,tokensPerSecond";

    public static string Write(IEnumerable<CurvePoint> points)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var p in points)
            text.Append(string.Join(',', N(p.Iteration), N(p.Tokens), N(p.Flops), N(p.TrainLoss), N(p.TestLoss),
                N(p.LearningRate), N(p.WallSeconds), N(p.TokensPerSecond))).Append('\n');
        return text.ToString();
    }

    // Round-trip formatting: a script reading the CSV gets the stored doubles bit for bit.
    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
