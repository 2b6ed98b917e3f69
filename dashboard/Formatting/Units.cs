using System.Globalization;

namespace OrleansScaling.Dashboard.Formatting;

/// <summary>Every number the dashboard shows, with its unit.</summary>
public static class Units
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly (double Scale, string Prefix)[] SiPrefixes =
        [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")];

    /// <summary>3 significant figures with an SI prefix: 18_200_000 → "18.2 M".</summary>
    public static string Si(double value)
    {
        foreach (var (scale, prefix) in SiPrefixes)
            if (Math.Abs(value) >= scale) return $"{(value / scale).ToString("0.##", Invariant)} {prefix}";
        return value.ToString("0.##", Invariant);
    }

    public static string Params(double value) => $"{Si(value)} params";
    public static string Tokens(double value) => $"{Si(value)} tokens";
    public static string Flops(double value) => $"{value.ToString("0.00e0", Invariant)} FLOPs";
    public static string Ratio(double value) => $"{value.ToString("0.##", Invariant)} tokens/param";
    public static string Iterations(double value) => $"{value.ToString("#,0", Invariant)} it";
    public static string Loss(double? value) => value is { } v && double.IsFinite(v) ? $"{v.ToString("0.000", Invariant)} nats" : "–";
    public static string TokensPerSecond(double value) => $"{value.ToString("#,0", Invariant)} tokens/s";
    public static string Percent(double fraction) => $"{(100 * fraction).ToString("0", Invariant)} %";
    public static string Number(double value, string format = "0.###") => value.ToString(format, Invariant);
    /// <summary>An enum value as the JSON and the CLI write it: wsd, sqrt, isoFlop.</summary>
    public static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>A 95% interval as "[lo, hi]", each end formatted; an open lower end is 0, an open upper end ∞; "–" without one.</summary>
    public static string Interval(double?[]? interval, Func<double, string> format) => interval is [var lo, var hi] && (lo is not null || hi is not null)
        ? $"[{(lo is { } a ? format(a) : "0")}, {(hi is { } b ? format(b) : "∞")}]"
        : "–";

    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "–";
        if (seconds < 60) return $"{seconds.ToString("0", Invariant)} s";
        if (seconds < 3600) return $"{(seconds / 60).ToString("0.#", Invariant)} min";
        if (seconds < 86400 * 2) return $"{(seconds / 3600).ToString("0.#", Invariant)} h";
        return $"{(seconds / 86400).ToString("0.#", Invariant)} days";
    }
}
