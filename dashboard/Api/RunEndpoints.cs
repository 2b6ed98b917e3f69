using System.Text;
using OrleansScaling.Client;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Dashboard.Api;

public static class RunEndpoints
{
    public static void MapRunEndpoints(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Runs");

        runs.MapGet("/{id}", async Task<IResult> (string id, IScalingClient client) =>
                await client.GetRun(id) is { } run ? TypedResults.Ok(run) : NotFound.Run(id))
            .WithSummary("One run: spec, status, progress, attempts, last checkpoint.")
            .Produces<RunView>().ProducesProblem(StatusCodes.Status404NotFound);

        runs.MapGet("/{id}/curve", async Task<IResult> (string id, string? format, IScalingClient client) =>
            {
                format ??= "json";
                if (CurveFormat.IsCsv(format) is not { } csv) return CurveFormat.Invalid(format);
                if (await client.GetRun(id) is null) return NotFound.Run(id);
                var curve = await client.GetCurve(id);
                return csv
                    ? TypedResults.Text(CurveCsv.ToCsv(curve), CurveFormat.CsvContentType, Encoding.UTF8)
                    : TypedResults.Ok(curve);
            })
            .WithSummary($"The run's learning curve: format=json (default) or csv with header {CurveCsv.Header}.")
            .Produces<IReadOnlyList<CurvePoint>>().Produces<string>(contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        runs.MapPost("/{id}/cancel", (string id, IScalingClient client) => Mutate(id, client, client.CancelRun))
            .WithSummary("Cancels the run (needs the access token beyond loopback).").AddEndpointFilter<AccessTokenFilter>();

        runs.MapPost("/{id}/retry", (string id, IScalingClient client) => Mutate(id, client, client.RetryRun))
            .WithSummary("Queues a failed or cancelled run again (needs the access token beyond loopback).").AddEndpointFilter<AccessTokenFilter>();
    }

    private static async Task<IResult> Mutate(string id, IScalingClient client, Func<string, Task> action)
    {
        if (await client.GetRun(id) is null) return NotFound.Run(id);
        try
        {
            await action(id);
        }
        catch (InvalidOperationException e)
        {
            // The run grain refuses transitions that make no sense now (retrying a running run): a conflict.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible now", detail: e.Message);
        }
        return TypedResults.NoContent();
    }
}
