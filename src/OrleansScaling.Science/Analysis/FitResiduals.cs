using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Analysis;

/// <summary>A run whose log-loss residual lies more than <see cref="FitResiduals.OutlierThreshold"/> robust SDs from the rest.</summary>
public sealed record FitOutlier(double Params, double Tokens, double Loss, double Predicted, double Residual);

/// <summary>
/// The parametric fit's residuals in ln L: their robust standard deviation (1.4826 × the median absolute deviation,
/// the normal's SD when there are no outliers) and the runs the Huber fit treats as outliers, those more than
/// <see cref="OutlierThreshold"/> robust SDs from the median residual.
/// </summary>
public static class FitResiduals
{
    public const double OutlierThreshold = 3.0;

    public static double[] Of(ParametricLossFit fit, IReadOnlyList<LossObservation> rows) =>
        rows.Select(r => Math.Log(r.Loss) - Math.Log(fit.Loss(r.Params, r.Tokens))).ToArray();

    public static double RobustSd(IReadOnlyList<double> residuals)
    {
        if (residuals.Count == 0) return 0;
        var median = Median(residuals);
        return 1.4826 * Median(residuals.Select(r => Math.Abs(r - median)).ToList());
    }

    /// <summary>
    /// The scatter of a new run about the fit, in ln L: the root mean square of the residuals of the runs that are
    /// not outliers, with n − 5 degrees of freedom for the five fitted parameters (the median absolute deviation
    /// alone underestimates it: a fit with δ this small is nearly least-absolute-deviations and passes through five
    /// runs exactly). Zero with five runs or fewer.
    /// </summary>
    public static double RunScatter(ParametricLossFit fit, IReadOnlyList<LossObservation> rows)
    {
        var residuals = Of(fit, rows);
        var sd = RobustSd(residuals);
        var median = Median(residuals);
        var kept = residuals.Where(r => sd == 0 || Math.Abs(r - median) <= OutlierThreshold * sd).ToArray();
        return kept.Length > 5 ? Math.Sqrt(kept.Sum(r => r * r) / (kept.Length - 5)) : 0;
    }

    public static IReadOnlyList<FitOutlier> Outliers(ParametricLossFit fit, IReadOnlyList<LossObservation> rows)
    {
        var residuals = Of(fit, rows);
        var sd = RobustSd(residuals);
        var median = Median(residuals);
        if (sd == 0) return [];
        return rows.Select((r, i) => (r, i)).Where(x => Math.Abs(residuals[x.i] - median) > OutlierThreshold * sd)
            .Select(x => new FitOutlier(x.r.Params, x.r.Tokens, x.r.Loss, fit.Loss(x.r.Params, x.r.Tokens), residuals[x.i])).ToList();
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
