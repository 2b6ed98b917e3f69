namespace OrleansScaling.Reports;

/// <summary>The numbers the report compares against: Komatsuzaki (2019) Tables 2 and 3, and Chinchilla's ratio.</summary>
public static class PaperValues
{
    /// <summary>Table 2: speedup of S over M for E = 10 and E = 5, by size (d, parameters).</summary>
    public static readonly IReadOnlyList<(int DModel, string Params, double E10, double E5)> Speedups =
    [
        (256, "18M", 1.9, 1.5),
        (512, "45M", 3.3, 1.8),
        (1024, "128M", 3.3, 2.6),
    ];

    /// <summary>Table 3: the overlap of the sizes' compute-optimal tokens/param ranges.</summary>
    public const double FrontierFrom = 1.8;
    public const double FrontierTo = 11.5;

    /// <summary>The paper's rounded optimum (≈ √(1.8·11.5) = 4.5) and Chinchilla's tokens per parameter.</summary>
    public const double PaperRatio = 5;
    public const double ChinchillaRatio = 20;
}
