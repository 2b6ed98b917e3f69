using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansScaling.Contracts;

public static class ContractsSerialization
{
    /// <summary>
    /// The science types (shapes, specs, plans, curve points, analysis results) stay free of Orleans,
    /// so they cross the wire as JSON. Silos and clients both call this.
    /// </summary>
    public static ISerializerBuilder AddOrleansScalingSerialization(this ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: type =>
            type.Namespace is { } ns && ns.StartsWith("OrleansScaling.Science", StringComparison.Ordinal));
}
