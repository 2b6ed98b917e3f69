using System.Globalization;
using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Dashboard.Formatting;

/// <summary>Every number the dashboard shows, with its unit.</summary>
public static class Units
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly (double Scale, string Prefix)[] SiPrefixes =
        [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")];

    /// <summary>What a missing or non-finite number (NaN, ∞) shows as, in every field.</summary>
    public const string Missing = "—";

    /// <summary>3 significant figures with an SI prefix: 18_200_000 → "18.2 M".</summary>
    public static string Si(double value)
    {
        if (!double.IsFinite(value)) return Missing;
        foreach (var (scale, prefix) in SiPrefixes)
            if (Math.Abs(value) >= scale) return $"{(value / scale).ToString("0.##", Invariant)} {prefix}";
        return value.ToString("0.##", Invariant);
    }

    public static string Params(double value) => Finite(value, v => $"{Si(v)} params");
    public static string Tokens(double value) => Finite(value, v => $"{Si(v)} tokens");
    public static string Flops(double value) => Finite(value, v => $"{v.ToString("0.00e0", Invariant)} FLOPs");
    public static string Ratio(double value) => Finite(value, v => $"{v.ToString("0.##", Invariant)} tokens/param");
    public static string Iterations(double value) => Finite(value, v => $"{v.ToString("#,0", Invariant)} it");
    public static string Loss(double? value) => value is { } v && double.IsFinite(v) ? $"{v.ToString("0.000", Invariant)} nats" : Missing;
    public static string TokensPerSecond(double value) => Finite(value, v => $"{v.ToString("#,0", Invariant)} tokens/s");
    public static string Percent(double fraction) => Finite(fraction, v => $"{(100 * v).ToString("0", Invariant)} %");
    public static string Number(double value, string format = "0.###") => Finite(value, v => v.ToString(format, Invariant));
    public static string Number(double? value, string format = "0.###") => value is { } v ? Number(v, format) : Missing;
    /// <summary>An enum value as the JSON and the CLI write it: wsd, sqrt, isoFlop.</summary>
    public static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>The formatted value, or <see cref="Missing"/> for NaN and ±∞.</summary>
    private static string Finite(double value, Func<double, string> format) => double.IsFinite(value) ? format(value) : Missing;

    /// <summary>
    /// A 95% interval as "[lo, hi]", each end formatted; an open (null) lower end is 0, an open upper end ∞; a
    /// non-finite end is <see cref="Missing"/>; <see cref="Missing"/> without an interval.
    /// </summary>
    public static string Interval(double?[]? interval, Func<double, string> format) => interval is [var lo, var hi] && (lo is not null || hi is not null)
        ? $"[{(lo is { } a ? End(a, format) : "0")}, {(hi is { } b ? End(b, format) : "∞")}]"
        : Missing;

    /// <summary>
    /// A 95% interval with what it rests on: "[1.1, 1.4] (3 seeds)"; an absent one (or one open at both ends) as
    /// "— (3 runs: why)" from the basis's note. A basis with N = 0 (unknown) adds no count. Without a basis (analyses from before bases existed) as <see cref="Interval(double?[], Func{double, string})"/>.
    /// </summary>
    public static string Interval(double?[]? interval, Func<double, string> format, IntervalBasis? basis)
    {
        if (basis is null) return Interval(interval, format);
        var count = basis.N > 0 ? basis.Count : null; // 0: not known (a fit read back from a file), or nothing to count
        if (interval is [var lo, var hi] && (lo is not null || hi is not null))
            return count is null ? Interval(interval, format) : $"{Interval(interval, format)} ({count})";
        var why = string.Join(": ", new[] { count, basis.Note }.Where(x => x is not null));
        return why.Length == 0 ? Missing : $"{Missing} ({why})";
    }

    /// <summary>The methods behind a set of intervals, each once, for a hint: "t interval over seeds; evaluation grid only (one seed)".</summary>
    public static string Methods(IEnumerable<IntervalBasis?> bases)
    {
        var methods = bases.Where(b => b is not null && b.Method != "none")
            .Select(b => b!.Resamples > 0 ? $"{b.Method}, {b.Resamples} resamples" : b.Method).Distinct().ToList();
        return string.Join("; ", methods.Take(3)) + (methods.Count > 3 ? $"; and {methods.Count - 3} more" : "");
    }

    private static string End(double value, Func<double, string> format) => double.IsFinite(value) ? format(value) : Missing;

    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return Missing;
        if (seconds < 60) return $"{seconds.ToString("0", Invariant)} s";
        if (seconds < 3600) return $"{(seconds / 60).ToString("0.#", Invariant)} min";
        if (seconds < 86400 * 2) return $"{(seconds / 3600).ToString("0.#", Invariant)} h";
        return $"{(seconds / 86400).ToString("0.#", Invariant)} days";
    }
}
