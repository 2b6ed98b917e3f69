namespace OrleansScaling.Science.Analysis;

// The results of the paper's analyses. Property names are the public JSON contract (camelCase) of
// `osc analyze ... --json`, the HTTP API and the dashboard: rename nothing without updating docs/cli.md.

/// <summary>
/// Speedup(S, M): iterations M needs to reach its best test loss, divided by the first iteration
/// (interpolated in log-log) at which S reaches that loss. Null speedup: S never reached it.
/// </summary>
public sealed record SpeedupResult(
    double? Speedup,
    long MultiEpochBestIteration,
    double MultiEpochBestLoss,
    double? SingleEpochIterationToReach);

/// <summary>log L = log Coefficient − Exponent·log I over [FromIteration, ToIteration]; L = Coefficient·I^(−Exponent).</summary>
public sealed record PowerLawFit(
    double Exponent,
    double Coefficient,
    double R2,
    long FromIteration,
    long ToIteration);

/// <summary>One model size on the compute-efficient frontier: [from, to] ranges, null for an open end.</summary>
public sealed record FrontierSize(
    long Params,
    IReadOnlyList<double?> OptimalIterations,
    IReadOnlyList<double?> OptimalTokensPerParam);

/// <summary>Table 3: each size's range on the lower envelope, their overlap (tokens/param) and its geometric mean.</summary>
public sealed record FrontierResult(
    IReadOnlyList<FrontierSize> Sizes,
    IReadOnlyList<double?> Overlap,
    double? GeometricMean);
