using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace OrleansScaling.Hosting.Telemetry;

/// <summary>
/// Metrics and logs for every long-running process (silo, dashboard): one call each, used by their hosts.
/// Metrics: OpenTelemetry .NET with its Prometheus HttpListener exporter — the OpenTelemetry project's own .NET SDK,
/// which Orleans and .NET already emit to (meters "Microsoft.Orleans" and the runtime's), serving Prometheus text on a
/// port of its own, so a silo needs no web server.
/// </summary>
public static class ScalingTelemetry
{
    /// <summary>Serves /metrics on OrleansScaling:Metrics:Port (nothing when unset): our meter, Orleans' and .NET's.</summary>
    public static IServiceCollection AddOrleansScalingMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        // Read once, as every host reads its settings: a bad value is a one-line refusal at start (StartupRefusal).
        var options = Settings.Read<MetricsOptions>(configuration, MetricsOptions.Section);
        if (options.Port is null) return services;
        if (options.Port is < 1 or > 65535)
            throw new InvalidSettingException($"{MetricsOptions.Section}:Port must be a TCP port, 1-65535 (got {options.Port}); leave it unset for no metrics endpoint.");
        services.AddMetrics();
        services.AddSingleton(Options.Create(options));
        services.AddHostedService<ClusterMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MetricNames.Meter, "Microsoft.Orleans")
            .AddRuntimeInstrumentation()
            .AddPrometheusHttpListener(listener =>
            {
                listener.Host = options.Host;
                listener.Port = options.Port.Value;
                listener.ScrapeEndpointPath = "/metrics";
            }));
        return services;
    }

    /// <summary>
    /// The logs of a silo or dashboard host. Quiet defaults, as configuration that appsettings and the environment
    /// override "as usual": Orleans, Polly, Azure and Microsoft internals at Warning (Polly alone logged two lines per
    /// grain placement), our own categories at Information — among them OrleansScaling.Runs, one line per event in a
    /// run's life. OrleansScaling:Logging:Json=true writes JSON lines (one object per line) for log shippers.
    /// </summary>
    public static IHostApplicationBuilder AddOrleansScalingLogging(this IHostApplicationBuilder builder)
    {
        // First among the sources, so that every other source (appsettings, environment, command line) wins.
        var defaults = new ConfigurationBuilder().AddInMemoryCollection(LogDefaults).Sources[0];
        builder.Configuration.Sources.Insert(0, defaults);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (builder.Configuration.GetValue<bool>("OrleansScaling:Logging:Json"))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(json => json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        return builder;
    }

    public static readonly IReadOnlyDictionary<string, string?> LogDefaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Orleans"] = "Warning",
        // Categories match by prefix, and "OrleansScaling..." starts with "Orleans": our own need a rule of their own.
        ["Logging:LogLevel:OrleansScaling"] = "Information",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:Azure"] = "Warning",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };
}
