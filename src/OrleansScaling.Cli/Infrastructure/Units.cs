using System.Globalization;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>How numbers read on a terminal: every one with its unit.</summary>
public static class Units
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>18.1M, 1.25B: parameters and token counts.</summary>
    public static string Count(double value) => !double.IsFinite(value) ? Missing : Math.Abs(value) switch
    {
        >= 1e12 => (value / 1e12).ToString("0.##", Invariant) + "T",
        >= 1e9 => (value / 1e9).ToString("0.##", Invariant) + "B",
        >= 1e6 => (value / 1e6).ToString("0.##", Invariant) + "M",
        >= 1e4 => (value / 1e3).ToString("0.##", Invariant) + "k",
        >= 100 => value.ToString("0", Invariant),
        _ => value.ToString("0.##", Invariant),
    };

    public static string Params(long parameters) => Count(parameters) + " params";
    public static string Tokens(long tokens) => Count(tokens) + " tokens";
    /// <summary>What a missing or non-finite number (NaN, ±∞) prints as.</summary>
    public const string Missing = "-";

    public static string Flops(double flops) => double.IsFinite(flops) ? flops.ToString("0.00e0", Invariant) + " FLOPs" : Missing;
    public static string Loss(double? nats) => nats is { } l && double.IsFinite(l) ? l.ToString("0.000", Invariant) + " nats" : Missing;
    public static string Speed(double tokensPerSecond) => Count(tokensPerSecond) + " tokens/s";
    public static string Percent(double fraction) => (fraction * 100).ToString("0", Invariant) + "%";
    public static string Number(double value) => double.IsFinite(value) ? value.ToString("0.###", Invariant) : Missing;
    public static string Number(double value, string format) => double.IsFinite(value) ? value.ToString(format, Invariant) : Missing;
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant) + " UTC";
    public static string Time(DateTimeOffset? at) => at is { } t ? Time(t) : "-";

    public static string Duration(double seconds) => seconds switch
    {
        < 60 => seconds.ToString("0.0", Invariant) + " s",
        < 3600 => (seconds / 60).ToString("0.0", Invariant) + " min",
        _ => (seconds / 3600).ToString("0.0", Invariant) + " h",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => ((double)bytes / (1L << 30)).ToString("0.0", Invariant) + " GiB",
        >= 1L << 20 => ((double)bytes / (1L << 20)).ToString("0.0", Invariant) + " MiB",
        _ => bytes.ToString(Invariant) + " B",
    };

    /// <summary>Enum names as the JSON and the docs spell them: camelCase.</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNaming(value.ToString());

    private static string JsonNaming(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
