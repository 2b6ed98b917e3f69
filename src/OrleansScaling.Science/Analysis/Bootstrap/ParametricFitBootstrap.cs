using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// The parametric fit's bootstrap: each resample draws the runs with replacement and refits L(N, D) from the full-data
/// optimum plus a few other starts (Besiroglu et al. 2024 did the same); the best converged minimum is the resample's
/// fit. A resample none of whose starts converges is refitted from the whole grid; one that still does not is left
/// out and counted (<see cref="ParametricBootstrap.Unconverged"/>). Seeded: the same seed gives the same samples.
/// </summary>
public static class ParametricFitBootstrap
{
    /// <summary>The starts each resample tries besides the full-data optimum, in (a, b, e, α, β): spread over the grid.</summary>
    public static readonly IReadOnlyList<double[]> OtherStarts =
    [
        [5, 5, 0, 0.5, 0.5],
        [10, 10, 0.5, 0.5, 0.5],
        [15, 15, 0, 1, 1],
        [20, 20, 1, 1, 1],
    ];

    public static ParametricBootstrap Run(IReadOnlyList<LossObservation> observations, ParametricLossFit full, int resamples, int seed, IReadOnlyList<double[]>? otherStarts = null)
    {
        Resampling.CheckCount(resamples);
        var random = new Random(seed);
        // All draws first, in order, so the samples do not depend on how the resamples are scheduled.
        var draws = Enumerable.Range(0, resamples).Select(_ => Resampling.Indices(random, observations.Count)).ToArray();
        var starts = new List<double[]>();
        var optimum = ParametricFitAnalysis.Coordinates(full);
        if (optimum.All(double.IsFinite)) starts.Add(optimum); // A or B can underflow to 0 on degenerate data
        starts.AddRange(otherStarts ?? OtherStarts);
        if (starts.Count == 0) starts.AddRange(OtherStarts);
        var fits = new ParametricLossFit?[resamples];
        Parallel.For(0, resamples, r => fits[r] = FitResample(draws[r].Select(i => observations[i]).ToList(), starts));
        var samples = fits.Where(f => f is not null).Select(f => f!).ToList();
        var unconverged = resamples - samples.Count;
        return new ParametricBootstrap(samples, unconverged)
        {
            Basis = new IntervalBasis(observations.Count, IntervalBasis.Runs, "percentile bootstrap over runs", resamples, unconverged,
                ParametricBootstrap.TooManyUnconverged(resamples, unconverged)
                    ? $"{unconverged} of {resamples} resamples did not converge (over {ParametricBootstrap.MaxUnconvergedFraction:P0}): no interval (the rest would be too narrow); check the runs or add some"
                    : null),
        };
    }

    private static ParametricLossFit? FitResample(List<LossObservation> rows, List<double[]> starts)
    {
        var data = ParametricFitAnalysis.Data.From(rows);
        var best = ParametricFitAnalysis.Best(starts.Select(s => ParametricFitAnalysis.Minimize(data, s)).ToList());
        if (best is null)
        {
            var grid = ParametricFitAnalysis.GridStarts.Select(s => ParametricFitAnalysis.Minimize(data, s)).ToList();
            best = ParametricFitAnalysis.Best(grid);
        }
        return best is { } m ? ParametricFitAnalysis.ToFit(m, starts.Count, 0) : null;
    }
}

/// <summary>
/// The resampled fits (one per converged resample) and how many resamples never converged. When more than
/// <see cref="MaxUnconvergedFraction"/> of the resamples did not converge, the ones left are the easy ones and their
/// spread understates the fit's: every interval is then open at both ends ([null, null]) and the basis's note says why.
/// </summary>
public sealed record ParametricBootstrap(IReadOnlyList<ParametricLossFit> Samples, int Unconverged)
{
    public const double MaxUnconvergedFraction = 0.2;

    public static bool TooManyUnconverged(int resamples, int unconverged) => unconverged > MaxUnconvergedFraction * resamples;

    /// <summary>What the intervals rest on: the runs resampled and the resamples that did not converge.</summary>
    public IntervalBasis? Basis { get; init; }

    private bool Open => TooManyUnconverged(Samples.Count + Unconverged, Unconverged);

    private double?[] Of(Func<ParametricLossFit, double> value) => Open ? [null, null] : Resampling.Interval(Samples.Select(value));

    public double?[] E => Of(s => s.E);
    public double?[] A => Of(s => s.A);
    public double?[] Alpha => Of(s => s.Alpha);
    public double?[] B => Of(s => s.B);
    public double?[] Beta => Of(s => s.Beta);

    public double?[] OptimalParams(double flops) => Of(s => s.OptimalParams(flops));
    public double?[] OptimalTokens(double flops) => Of(s => s.OptimalTokens(flops));
    public double?[] OptimalTokensPerParam(double flops) => Of(s => s.OptimalTokensPerParam(flops));
}
