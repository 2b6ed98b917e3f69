using Microsoft.Extensions.Hosting;
using OrleansScaling.Hosting.Telemetry;

namespace OrleansScaling.Grains.Hosting;

/// <summary>The standalone silo's host (silo/Program.cs), built here so tests refuse the same settings it does.</summary>
public static class SiloHost
{
    /// <summary>Builds the silo host from command-line arguments, environment and appsettings; a bad setting throws at once.</summary>
    public static IHost Create(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddOrleansScalingLogging();
        builder.UseBoundedShutdown();
        builder.UseOrleans(silo => silo.AddOrleansScalingSilo(builder.Configuration));
        return builder.Build();
    }
}
