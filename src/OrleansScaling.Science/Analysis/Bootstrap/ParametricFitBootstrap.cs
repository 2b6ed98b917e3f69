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
        return new ParametricBootstrap(samples, resamples - samples.Count)
        {
            Basis = new IntervalBasis(observations.Count, IntervalBasis.Runs, "percentile bootstrap over runs", resamples, resamples - samples.Count),
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

/// <summary>The resampled fits (one per converged resample) and how many resamples never converged.</summary>
public sealed record ParametricBootstrap(IReadOnlyList<ParametricLossFit> Samples, int Unconverged)
{
    /// <summary>What the intervals rest on: the runs resampled and the resamples that did not converge.</summary>
    public IntervalBasis? Basis { get; init; }

    public double?[] E => Resampling.Interval(Samples.Select(s => s.E));
    public double?[] A => Resampling.Interval(Samples.Select(s => s.A));
    public double?[] Alpha => Resampling.Interval(Samples.Select(s => s.Alpha));
    public double?[] B => Resampling.Interval(Samples.Select(s => s.B));
    public double?[] Beta => Resampling.Interval(Samples.Select(s => s.Beta));

    public double?[] OptimalParams(double flops) => Resampling.Interval(Samples.Select(s => s.OptimalParams(flops)));
    public double?[] OptimalTokens(double flops) => Resampling.Interval(Samples.Select(s => s.OptimalTokens(flops)));
    public double?[] OptimalTokensPerParam(double flops) => Resampling.Interval(Samples.Select(s => s.OptimalTokensPerParam(flops)));
}
