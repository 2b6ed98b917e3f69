namespace OrleansScaling.Science.Analysis;

/// <summary>
/// L(N, D) = E + A/N^Alpha + B/D^Beta (N parameters, D tokens), fitted by <see cref="ParametricFitAnalysis"/>.
/// Objective: the summed Huber loss of the log-loss residuals at the minimum; Starts: the grid's starting points
/// (FailedStarts of them stopped without converging and were not used).
/// </summary>
public sealed record ParametricLossFit(
    double E,
    double A,
    double Alpha,
    double B,
    double Beta,
    double Objective,
    int Starts,
    int FailedStarts)
{
    /// <summary>The fitted loss of N parameters trained on D tokens.</summary>
    public double Loss(double parameters, double tokens) => E + A / Math.Pow(parameters, Alpha) + B / Math.Pow(tokens, Beta);

    /// <summary>
    /// N_opt(C) for C = 6·N·D FLOPs: minimizing L(N, C/(6N)) gives N_opt = G·(C/6)^(β/(α+β)) with
    /// G = (α·A / (β·B))^(1/(α+β)) (Hoffmann et al. 2022, eq. 4).
    /// </summary>
    public double OptimalParams(double flops) => G * Math.Pow(flops / 6, Beta / (Alpha + Beta));

    /// <summary>D_opt(C) = G^(−1)·(C/6)^(α/(α+β)), so that N_opt·D_opt = C/6.</summary>
    public double OptimalTokens(double flops) => Math.Pow(flops / 6, Alpha / (Alpha + Beta)) / G;

    /// <summary>D_opt/N_opt at budget C: the compute-optimal tokens per parameter.</summary>
    public double OptimalTokensPerParam(double flops) => OptimalTokens(flops) / OptimalParams(flops);

    private double G => Math.Pow(Alpha * A / (Beta * B), 1 / (Alpha + Beta));
}
