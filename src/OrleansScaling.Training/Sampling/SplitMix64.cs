namespace OrleansScaling.Training.Sampling;

/// <summary>
/// A tiny deterministic generator (Steele et al.'s SplitMix64). Sampling must give the same windows on every machine
/// and .NET version, and restart exactly from a position, which System.Random does not promise.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>Uniform in [0, bound); the modulo bias is below bound / 2^64, far below anything measurable.</summary>
    public long NextBelow(long bound) => (long)(Next() % (ulong)bound);

    /// <summary>A one-off hash of a value: the generator's output for that seed.</summary>
    public static ulong Hash(ulong value) => Mix(value + 0x9E3779B97F4A7C15UL);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
