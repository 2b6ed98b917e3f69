namespace OrleansScaling.Dashboard.Api;

/// <summary>404 problem responses that name what was looked for and where to find valid ids.</summary>
internal static class NotFound
{
    public static IResult Experiment(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Experiment not found", detail: $"No experiment with id '{id}'; GET /api/experiments lists them.");

    public static IResult Run(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Run not found", detail: $"No run with id '{id}'; GET /api/experiments/ID lists an experiment's runs.");
}
