using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OrleansScaling.Client;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Dashboard.Api;

/// <summary>An experiment's curves in one downloadable file, for the experiment page's export links and scripts.</summary>
internal static class ExperimentExport
{
    public sealed record RunCurve(RunView Run, IReadOnlyList<CurvePoint> Curve);
    public sealed record Export(ExperimentView Experiment, IReadOnlyList<RunCurve> Curves);

    /// <summary>The science core's curve CSV, each row led by the run it belongs to, under one header.</summary>
    public static string Csv(IEnumerable<RunCurve> curves)
    {
        var csv = new StringBuilder().Append(RunColumns).Append(',').Append(CurveCsv.Header).Append('\n');
        foreach (var (run, curve) in curves)
            foreach (var row in CurveCsv.ToCsv(curve).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1))
                csv.Append(run.RunId).Append(',').Append(run.Key).Append(',').Append(run.Regime).Append(',').Append(row).Append('\n');
        return csv.ToString();
    }

    public const string RunColumns = "runId,key,regime";

    public static async Task<IResult> Create(ExperimentView view, string format, IScalingClient client, IOptions<JsonOptions> json)
    {
        if (CurveFormat.IsCsv(format) is not { } csv) return CurveFormat.Invalid(format);
        var curves = await Task.WhenAll(view.Runs.Select(async run => new RunCurve(run, await client.GetCurve(run.RunId))));
        var id = view.Summary.ExperimentId;
        if (!csv)
            return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(new Export(view, curves), json.Value.SerializerOptions),
                "application/json", $"{id}.json");

        return TypedResults.File(Encoding.UTF8.GetBytes(Csv(curves)), CurveFormat.CsvContentType, $"{id}.csv");
    }
}
