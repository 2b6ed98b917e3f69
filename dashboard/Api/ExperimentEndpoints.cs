using OrleansScaling.Client;
using OrleansScaling.Contracts;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OrleansScaling.Dashboard.Hosting;

namespace OrleansScaling.Dashboard.Api;

public static class ExperimentEndpoints
{
    public static void MapExperimentEndpoints(this RouteGroupBuilder api)
    {
        var experiments = api.MapGroup("/experiments").WithTags("Experiments");

        experiments.MapGet("/", async Task<IResult> (int? page, int? pageSize, IScalingClient client) =>
            {
                var all = await client.ListExperiments();
                if (page is null && pageSize is null) return TypedResults.Ok(ExperimentListPage.NewestFirst(all));
                if (page is < 1 || pageSize is < 1 or > ExperimentListPage.MaxPageSize)
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    {
                        [page is < 1 ? "page" : "pageSize"] = [$"page must be 1 or more and pageSize 1 to {ExperimentListPage.MaxPageSize} (default {ExperimentListPage.DefaultPageSize})."],
                    });
                return TypedResults.Ok(ExperimentListPage.Of(all, page ?? 1, pageSize ?? ExperimentListPage.DefaultPageSize));
            })
            .WithSummary("All experiments, newest first; with page (from 1) and/or pageSize (default 50, at most 1,000): that page as {items, page, pageSize, pages, total} (a page past the last gives the last).")
            .Produces<IReadOnlyList<ExperimentSummary>>().Produces<ExperimentListPage>().ProducesValidationProblem();

        experiments.MapGet("/{id}", async Task<IResult> (string id, IScalingClient client) =>
                await client.GetExperiment(id) is { } view ? TypedResults.Ok(view) : NotFound.Experiment(id))
            .WithSummary("One experiment: plan, runs, analyses.")
            .Produces<ExperimentView>().ProducesProblem(StatusCodes.Status404NotFound);

        experiments.MapGet("/{id}/export", async Task<IResult> (string id, string? format, IScalingClient client, IOptions<JsonOptions> json) =>
            {
                if (await client.GetExperiment(id) is not { } view) return NotFound.Experiment(id);
                return await ExperimentExport.Create(view, format ?? "json", client, json);
            })
            .WithSummary("Every run's curve in one file: format=csv (runId,key,regime + the curve columns) or json.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();

        experiments.MapPost("/{id}/cancel", async Task<IResult> (string id, IScalingClient client) =>
            {
                if (await client.GetExperiment(id) is null) return NotFound.Experiment(id);
                await client.CancelExperiment(id);
                return TypedResults.NoContent();
            })
            .WithSummary("Cancels every unfinished run of the experiment (needs the access token beyond loopback).")
            .AddEndpointFilter<AccessTokenFilter>();
    }
}
