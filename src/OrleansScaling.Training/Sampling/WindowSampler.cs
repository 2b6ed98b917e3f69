namespace OrleansScaling.Training.Sampling;

/// <summary>
/// Chooses training windows for the paper's regimes with exact accounting. The training tokens are cut into
/// non-overlapping windows of n_ctx inputs (each also reads the next token as its last target).
/// S (epochs = 1): the run's B·I windows are the first B·I of a seeded random permutation of all windows, so no
/// window repeats in the whole run. M(E): the subset is the first ⌈B·I / E⌉ of that same permutation (1/E of the
/// tokens S would see) and the run walks it E times, reshuffled each epoch.
/// The state is only the number of windows drawn, so a checkpoint restores it exactly.
/// </summary>
public sealed class WindowSampler
{
    private readonly long[] subset;     // the windows this run may use, in first-epoch order
    private long[] epochOrder;
    private long orderEpoch;
    private readonly ulong seed;

    public WindowSampler(long windowCount, long totalDraws, int epochs, int seed)
    {
        if (epochs < 1) throw new ArgumentException($"epochs must be at least 1 (got {epochs}).", nameof(epochs));
        long subsetSize = RequiredWindows(totalDraws, epochs);
        if (subsetSize > windowCount)
            throw new ArgumentException($"needs {subsetSize} windows but only {windowCount} exist.", nameof(windowCount));
        Epochs = epochs;
        TotalDraws = totalDraws;
        this.seed = (ulong)seed;
        subset = PermutationPrefix(windowCount, subsetSize, new SplitMix64(this.seed));
        epochOrder = subset;
        orderEpoch = 0;
    }

    public int Epochs { get; }
    public long TotalDraws { get; }
    public long SubsetSize => subset.Length;

    /// <summary>Windows drawn so far (the sampler's whole state).</summary>
    public long Position { get; set; }

    /// <summary>Distinct windows drawn so far: every draw in the first pass over the subset is new.</summary>
    public long UniqueDrawn => Math.Min(Position, subset.Length);

    /// <summary>Windows a run of <paramref name="totalDraws"/> draws over <paramref name="epochs"/> epochs needs to exist.</summary>
    public static long RequiredWindows(long totalDraws, int epochs) => Science.Planning.CorpusCapacity.RequiredWindows(totalDraws, epochs);

    /// <summary>The next window index.</summary>
    public long Next()
    {
        long epoch = Position / subset.Length, offset = Position % subset.Length;
        if (epoch != orderEpoch)
        {
            epochOrder = epoch == 0 ? subset : Shuffled(subset, new SplitMix64(seed ^ SplitMix64.Hash((ulong)epoch)));
            orderEpoch = epoch;
        }
        Position++;
        return epochOrder[offset];
    }

    /// <summary>The first <paramref name="count"/> entries of a uniform random permutation of [0, n), in O(count) memory
    /// (Fisher–Yates over an implicit identity array, remembering only the swapped slots).</summary>
    public static long[] PermutationPrefix(long n, long count, SplitMix64 random)
    {
        var swapped = new Dictionary<long, long>();
        var prefix = new long[count];
        for (long i = 0; i < count; i++)
        {
            long j = i + random.NextBelow(n - i);
            long atJ = swapped.GetValueOrDefault(j, j), atI = swapped.GetValueOrDefault(i, i);
            swapped[j] = atI;
            prefix[i] = atJ;
        }
        return prefix;
    }

    private static long[] Shuffled(long[] items, SplitMix64 random)
    {
        long[] copy = (long[])items.Clone();
        for (long i = copy.Length - 1; i > 0; i--)
        {
            long j = random.NextBelow(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy;
    }
}
