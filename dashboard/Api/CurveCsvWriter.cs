using System.Globalization;
using System.Text;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Dashboard.Api;

/// <summary>Learning curves as CSV with the project's header, invariant culture, one row per evaluation.</summary>
public static class CurveCsvWriter
{
    public const string Header = "iteration,tokens,flops,trainLoss,testLoss,learningRate,wallSeconds,tokensPerSecond";

    public static string Write(IEnumerable<CurvePoint> points) => Write(points.Select(p => ((string?)null, p)), null);

    /// <summary>Rows with leading columns (e.g. "runId,key,regime") before the curve columns.</summary>
    public static string Write(IEnumerable<(string? Prefix, CurvePoint Point)> rows, string? prefixHeader)
    {
        var csv = new StringBuilder();
        if (prefixHeader is not null) csv.Append(prefixHeader).Append(',');
        csv.Append(Header).Append('\n');
        foreach (var (prefix, p) in rows)
        {
            if (prefix is not null) csv.Append(prefix).Append(',');
            csv.Append(string.Join(',', new object[]
            {
                p.Iteration, p.Tokens, p.Flops, p.TrainLoss, p.TestLoss, p.LearningRate, p.WallSeconds, p.TokensPerSecond,
            }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).Append('\n');
        }
        return csv.ToString();
    }
}
