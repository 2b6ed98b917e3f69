using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace OrleansScaling.Grains.Storage;

public static class FileGrainStorageSiloBuilderExtensions
{
    /// <summary>Registers <see cref="FileGrainStorage"/> as grain storage provider <paramref name="name"/>, one file per state under <paramref name="directory"/>.</summary>
    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        builder.Services.AddGrainStorage(name, (services, providerName) => new FileGrainStorage(
            providerName, directory,
            ScalingPersistence.StateSerializer(services),
            services.GetRequiredService<ILogger<FileGrainStorage>>()));
        return builder;
    }
}
