using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using OrleansScaling.Hosting;

namespace OrleansScaling.Dashboard.Hosting;

public static class DashboardServices
{
    /// <summary>Listening address (loopback unless told otherwise), access rule, JSON style, Blazor and OpenAPI.</summary>
    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DashboardOptions.DefaultUrl);
        // Serve the framework's and the build's static assets (blazor.web.js, the copied ApexCharts) from a build
        // output in every environment, not only Development: `dotnet run` here runs as Production. A published app
        // has no runtime manifest, so this changes nothing there.
        builder.WebHost.UseStaticWebAssets();

        var options = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new();
        var policy = new AccessPolicy(ListeningUrls(builder.Configuration), options.AccessToken, options.RequireTokenForReads);
        policy.EnsureStartable();

        var services = builder.Services;
        services.AddSingleton(policy);
        services.AddSingleton(Options.Create(options));
        services.AddScoped<SessionAccess>();
        services.AddSingleton<Sweeps.TimeEstimator>();
        services.AddSingleton(ScalingOptions.SweepLimitsFrom(builder.Configuration));
        services.ConfigureHttpJsonOptions(json => ConfigureJson(json.SerializerOptions));
        services.AddOpenApi();
        services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    /// <summary>camelCase, enums as camelCase strings, NaN allowed: the same JSON as `osc --json`.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        json.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString;
    }

    /// <summary>Every address the server will bind: --urls / ASPNETCORE_URLS and Kestrel endpoint settings.</summary>
    private static List<string> ListeningUrls(IConfiguration configuration)
    {
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? DashboardOptions.DefaultUrl)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"]).OfType<string>());
        return urls;
    }
}
