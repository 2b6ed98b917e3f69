using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
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

        sweeps.MapPost("/", (HttpRequest http, IScalingClient client, SweepLimits limits) => WithPlan(http, client, limits,
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
            .WithSummary("Plans and launches a sweep; 201 with the experiment id, 400 naming each bad field, 413 over 1 MiB, 415 unless JSON.")
            .AddOpenApiOperationTransformer(DescribeBody)
            .Produces<Launched>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddEndpointFilter<AccessTokenFilter>();

        sweeps.MapPost("/preview", (HttpRequest http, IScalingClient client, SweepLimits limits) =>
                WithPlan(http, client, limits, (_, plan) => Task.FromResult<IResult>(TypedResults.Ok(plan))))
            .WithSummary("The plan a sweep would run, without launching it.")
            .AddOpenApiOperationTransformer(DescribeBody)
            .Produces<SweepPlan>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>
    /// The OpenAPI document's request body: a <see cref="SweepRequest"/> as JSON. Not declared with Accepts(), whose
    /// content-type matching would answer any other body with a bare 415 before <see cref="SweepRequestBody"/> can say why.
    /// </summary>
    private static async Task DescribeBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(SweepRequest), null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { [SweepRequestJson.MediaType] = new() { Schema = schema } },
        };
    }

    /// <summary>Reads, validates and plans the request; 400 naming the field when any step rejects it (413 or 415 for the body itself).</summary>
    private static async Task<IResult> WithPlan(HttpRequest http, IScalingClient client, SweepLimits limits, Func<SweepRequest, SweepPlan, Task<IResult>> then)
    {
        var (request, problem) = await SweepRequestBody.ReadAsync(http);
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
