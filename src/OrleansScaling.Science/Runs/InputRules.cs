namespace OrleansScaling.Science.Runs;

/// <summary>
/// The rules a single value must meet wherever it is typed (sweep file, API body, dashboard form, `osc train` flags)
/// and wherever it is used (planner, engine). Each returns null when the value is fine, else a message that names
/// the field and the fix; callers decide whether to collect it or throw it.
/// </summary>
public static class InputRules
{
    /// <summary>Dropout is a probability in [0, 1): 0 for the paper's S and M, 0.1 for SD and MD.</summary>
    public static string? Dropout(double p, string field = "dropout") =>
        p is >= 0 and < 1
            ? null
            : $"{field} is a probability in [0, 1) (got {p}); use 0 for the paper's S and M, 0.1 for SD and MD.";

    /// <summary>A WSD cooldown fraction lies strictly inside (0, 1): the share of a run's iterations spent cooling down.</summary>
    public static string? CooldownFraction(double f, string field = "cooldownFraction") =>
        f is > 0 and < 1
            ? null
            : $"{field} must lie strictly between 0 and 1 (got {f}): the share of a WSD run's iterations spent cooling down, e.g. 0.2.";

    /// <summary>A positive, finite number (NaN and infinity are refused with the rest).</summary>
    public static string? Positive(double value, string field, string example) =>
        value > 0 && double.IsFinite(value) ? null : $"{field} must be a positive, finite number (got {value}); e.g. {example}.";

    /// <summary>A non-negative, finite number.</summary>
    public static string? NonNegative(double value, string field, string hint) =>
        value >= 0 && double.IsFinite(value) ? null : $"{field} must be 0 or more and finite (got {value}); {hint}.";

    /// <summary>A whole number of at least <paramref name="minimum"/>.</summary>
    public static string? AtLeast(long value, long minimum, string field, string hint) =>
        value >= minimum ? null : $"{field} must be at least {minimum} (got {value}); {hint}.";

    /// <summary>Throws the rule's message as an <see cref="ArgumentException"/> whose parameter is the field.</summary>
    public static void Require(string? error, string field)
    {
        if (error is not null) throw new ArgumentException(error, field);
    }
}
