using OrleansScaling.Hosting.Telemetry;
using OrleansScaling.Dashboard.Api;
using OrleansScaling.Dashboard.Components;

namespace OrleansScaling.Dashboard.Hosting;

/// <summary>
/// Builds the dashboard: Blazor pages, the HTTP API and the Orleans backend. <paramref name="useBackend"/>
/// replaces the Orleans backend (co-hosted silo or cluster client) with another IScalingClient, for UI tests.
/// </summary>
public static class DashboardApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? useBackend = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(DashboardApp).Assembly.GetName().Name,
        });
        builder.AddOrleansScalingLogging();
        builder.AddDashboardServices();
        (useBackend ?? (b => b.AddOrleansBackend()))(builder);

        var app = builder.Build();
        app.MapDashboard();
        return app;
    }

    private static void MapDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapDashboardApi();
        app.MapOrleansBackend();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
