using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>A run whose log-loss residual lies more than <see cref="FitResiduals.OutlierThreshold"/> robust SDs from the rest.</summary>
public sealed record FitOutlier(double Params, double Tokens, double Loss, double Predicted, double Residual);

/// <summary>
/// The parametric fit's residuals in ln L, their scatter and the runs the fit treats as outliers. With δ = 1e-3 the
/// Huber fit is nearly least-absolute-deviations and passes through about five runs exactly, so the median absolute
/// deviation understates the scatter. The scatter σ is therefore found by clipping: the root mean square of the
/// residuals about their median with n − 5 degrees of freedom, recomputed without the runs more than
/// <see cref="OutlierThreshold"/>·σ from the median until no run changes side. Those runs are the outliers.
/// </summary>
public static class FitResiduals
{
    public const double OutlierThreshold = 3.0;

    public static double[] Of(ParametricLossFit fit, IReadOnlyList<LossObservation> rows) =>
        rows.Select(r => Math.Log(r.Loss) - Math.Log(fit.Loss(r.Params, r.Tokens))).ToArray();

    /// <summary>The scatter of a run about the fit, in ln L (zero with five runs or fewer).</summary>
    public static double RunScatter(ParametricLossFit fit, IReadOnlyList<LossObservation> rows) => Clip(Of(fit, rows)).Sigma;

    public static IReadOnlyList<FitOutlier> Outliers(ParametricLossFit fit, IReadOnlyList<LossObservation> rows)
    {
        var residuals = Of(fit, rows);
        var (_, outlier) = Clip(residuals);
        return rows.Select((r, i) => (r, i)).Where(x => outlier[x.i])
            .Select(x => new FitOutlier(x.r.Params, x.r.Tokens, x.r.Loss, fit.Loss(x.r.Params, x.r.Tokens), residuals[x.i])).ToList();
    }

    private static (double Sigma, bool[] Outlier) Clip(double[] residuals)
    {
        var outlier = new bool[residuals.Length];
        if (residuals.Length <= 5) return (0, outlier);
        var median = Median(residuals);
        double sigma = 0;
        for (var round = 0; round < 20; round++)
        {
            var kept = residuals.Where((_, i) => !outlier[i]).ToArray();
            if (kept.Length <= 5) break;
            sigma = Math.Sqrt(kept.Sum(r => (r - median) * (r - median)) / (kept.Length - 5));
            var next = residuals.Select(r => sigma > 0 && Math.Abs(r - median) > OutlierThreshold * sigma).ToArray();
            if (next.SequenceEqual(outlier)) break;
            outlier = next;
        }
        return (sigma, outlier);
    }

    /// <summary>The K runs of highest loss (Besiroglu et al. left out Chinchilla's five highest) and the rest, in input order.</summary>
    public static (IReadOnlyList<LossObservation> Kept, IReadOnlyList<LossObservation> Excluded) ExcludeHighestLoss(IReadOnlyList<LossObservation> rows, int k)
    {
        if (k < 0 || k >= rows.Count)
            throw new ArgumentException($"can leave out 0 to {rows.Count - 1} of the {rows.Count} runs (got {k}).", "excludeHighestLoss");
        var excluded = rows.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Loss).ThenBy(x => x.i).Take(k).Select(x => x.i).ToHashSet();
        return (rows.Where((_, i) => !excluded.Contains(i)).ToList(), rows.Where((_, i) => excluded.Contains(i)).ToList());
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
