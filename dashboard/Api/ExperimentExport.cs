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

    public static async Task<IResult> Create(ExperimentView view, string format, IScalingClient client, IOptions<JsonOptions> json)
    {
        if (CurveFormat.IsCsv(format) is not { } csv) return CurveFormat.Invalid(format);
        var curves = await Task.WhenAll(view.Runs.Select(async run => new RunCurve(run, await client.GetCurve(run.RunId))));
        var id = view.Summary.ExperimentId;
        if (!csv)
            return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(new Export(view, curves), json.Value.SerializerOptions),
                "application/json", $"{id}.json");

        var rows = curves.SelectMany(c => c.Curve.Select(point => ((string?)$"{c.Run.RunId},{c.Run.Key},{c.Run.Regime}", point)));
        return TypedResults.File(Encoding.UTF8.GetBytes(CurveCsvWriter.Write(rows, "runId,key,regime")),
            CurveFormat.CsvContentType, $"{id}.csv");
    }
}
