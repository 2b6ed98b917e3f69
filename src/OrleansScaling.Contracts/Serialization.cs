using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansScaling.Contracts;

public static class ContractsSerialization
{
    /// <summary>
    /// How the science types are written: System.Text.Json's defaults, plus NaN and ±∞ as the named literals
    /// ("NaN", "Infinity", "-Infinity"). A diverged run's counters, a curve point with a NaN test loss or an analysis
    /// with an open interval must cross the wire and reach grain storage (which embeds this codec's output) rather
    /// than fail the call with "positive and negative infinity cannot be written as valid JSON".
    /// </summary>
    public static JsonSerializerOptions ScienceJsonOptions() => new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>
    /// The science types (shapes, specs, plans, curve points, analysis results) stay free of Orleans,
    /// so they cross the wire as JSON (<see cref="ScienceJsonOptions"/>). Silos and clients both call this.
    /// </summary>
    public static ISerializerBuilder AddOrleansScalingSerialization(this ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: type =>
            type.Namespace is { } ns && ns.StartsWith("OrleansScaling.Science", StringComparison.Ordinal), ScienceJsonOptions());
}
