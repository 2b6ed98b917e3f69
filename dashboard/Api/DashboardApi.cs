using OrleansScaling.Dashboard.Hosting;

namespace OrleansScaling.Dashboard.Api;

/// <summary>The HTTP API under /api: queries for scripts and notebooks, and guarded mutations.</summary>
public static class DashboardApi
{
    public static void MapDashboardApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter<ReadAccessFilter>();
        api.MapExperimentEndpoints();
        api.MapRunEndpoints();
        api.MapSweepEndpoints();
    }
}
