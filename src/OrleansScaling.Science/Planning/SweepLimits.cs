namespace OrleansScaling.Science.Planning;

/// <summary>
/// Sizes a sweep may not exceed, so one request cannot flood the scheduler or storage. Hosts take them from
/// OrleansScaling:MaxRunsPerSweep and OrleansScaling:MaxSweepNameLength (docs/configuration.md).
/// </summary>
public sealed record SweepLimits(int MaxRunsPerSweep = SweepLimits.DefaultMaxRuns, int MaxNameLength = SweepLimits.DefaultMaxNameLength)
{
    public const int DefaultMaxRuns = 500;
    public const int DefaultMaxNameLength = 100;

    public static SweepLimits Default { get; } = new();
}
