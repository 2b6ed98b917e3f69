using System.Text.Json.Serialization;

namespace OrleansScaling.Science.Analysis;

/// <summary>
/// Every setting and threshold of the analyses, in one place: the experiment grain, `osc report`, the API and the
/// dashboard pass the same settings to <see cref="AnalysisPipeline"/>, so the same runs give the same numbers on every
/// road. Resamples and Seed drive every bootstrap (95% intervals; the same seed gives the same intervals).
/// Fits: whether the parametric fits (seconds of CPU) are computed now; without them the analyses say FitsPending. It
/// changes no number, only what is computed yet, so it is not written with the analyses (their fitsPending says it).
/// </summary>
public sealed record AnalysisSettings(int Resamples = AnalysisSettings.DefaultResamples, int Seed = AnalysisSettings.DefaultSeed,
    [property: JsonIgnore] bool Fits = true)
{
    public const int DefaultResamples = 200;
    public const int DefaultSeed = 1;

    /// <summary>The parametric fit L(N, D) = E + A/N^α + B/D^β has 5 parameters: it needs at least 5 runs.</summary>
    public const int MinimumFitRuns = 5;

    /// <summary>An IsoFLOP parabola has 3 coefficients: a budget needs runs of at least 3 sizes.</summary>
    public const int MinimumIsoFlopSizes = 3;

    /// <summary>A frontier compares sizes: it needs scaling runs of at least 2 sizes.</summary>
    public const int MinimumFrontierSizes = 2;

    public static AnalysisSettings Default { get; } = new();
}
