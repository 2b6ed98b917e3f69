namespace OrleansScaling.Science.Analysis;

/// <summary>A straight line y = Intercept + Slope·x fitted by ordinary least squares, with its residuals' statistics.</summary>
public readonly record struct LineFit(double Intercept, double Slope, double R2, double SumSquaredResiduals, int Count)
{
    /// <summary>Residual variance with two fitted parameters: SSE / (n − 2); comparable across fits of different lengths.</summary>
    public double ResidualVariance => Count > 2 ? SumSquaredResiduals / (Count - 2) : 0;

    public static LineFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n < 2 || y.Length != n) throw new ArgumentException($"a line needs at least 2 points (got {n}).", nameof(x));
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++) { meanX += x[i]; meanY += y[i]; }
        meanX /= n; meanY /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
        }
        if (sxx == 0) throw new ArgumentException("a line needs at least two distinct x values.", nameof(x));
        var slope = sxy / sxx;
        var intercept = meanY - slope * meanX;
        double sse = 0;
        for (var i = 0; i < n; i++)
        {
            var r = y[i] - (intercept + slope * x[i]);
            sse += r * r;
        }
        return new LineFit(intercept, slope, syy > 0 ? 1 - sse / syy : 1, sse, n);
    }
}
