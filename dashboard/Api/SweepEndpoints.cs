using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OrleansScaling.Client;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Api;

public static class SweepEndpoints
{
    public sealed record Launched(string ExperimentId, int Runs);

    public static void MapSweepEndpoints(this RouteGroupBuilder api)
    {
        var sweeps = api.MapGroup("/sweeps").WithTags("Sweeps");

        sweeps.MapPost("/", (HttpRequest http, IScalingClient client, IOptions<JsonOptions> json, SweepLimits limits) => WithPlan(http, json.Value, client, limits,
                async (request, plan) =>
                {
                    try
                    {
                        var experimentId = await client.LaunchSweep(request);
                        return TypedResults.Created($"/api/experiments/{experimentId}", new Launched(experimentId, plan.Runs.Count));
                    }
                    catch (ArgumentException e)
                    {
                        // The launch's own refusals (a corpus no slot offers) name their field too.
                        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [SweepRequestValidation.FieldName(e.ParamName)] = [e.Message] });
                    }
                }))
            .WithSummary("Plans and launches a sweep; 201 with the experiment id, 400 naming each bad field.")
            .Accepts<SweepRequest>("application/json")
            .Produces<Launched>(StatusCodes.Status201Created).ProducesValidationProblem()
            .AddEndpointFilter<AccessTokenFilter>();

        sweeps.MapPost("/preview", (HttpRequest http, IScalingClient client, IOptions<JsonOptions> json, SweepLimits limits) =>
                WithPlan(http, json.Value, client, limits, (_, plan) => Task.FromResult<IResult>(TypedResults.Ok(plan))))
            .WithSummary("The plan a sweep would run, without launching it.")
            .Accepts<SweepRequest>("application/json")
            .Produces<SweepPlan>().ProducesValidationProblem();
    }

    /// <summary>Reads, validates and plans the request; 400 naming the field when any step rejects it.</summary>
    private static async Task<IResult> WithPlan(HttpRequest http, JsonOptions json, IScalingClient client, SweepLimits limits, Func<SweepRequest, SweepPlan, Task<IResult>> then)
    {
        var (request, problem) = await SweepRequestBody.ReadAsync(http, json);
        if (request is null) return problem!;
        var errors = SweepRequestValidation.Errors(request, limits);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        SweepPlan plan;
        try
        {
            plan = await client.PreviewPlan(request);
        }
        catch (ArgumentException e)
        {
            // The planner names the field it rejects (e.g. no shape fits the budget).
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [SweepRequestValidation.FieldName(e.ParamName)] = [e.Message] });
        }
        return await then(request, plan);
    }
}
