namespace OrleansScaling.Science.Analysis.Bootstrap;

/// <summary>
/// What a 95% interval rests on, printed beside it in every view: <see cref="N"/> things of one kind (<see cref="Of"/>:
/// "seeds", "runs", "points" or "evaluations"), the <see cref="Method"/> that made it, how many resamples were drawn
/// and how many of them were <see cref="Degenerate"/> (could not be fitted, or had no finite answer), and a
/// <see cref="Note"/> saying why an interval is open or absent. docs/science.md has the coverage of each method at small N.
/// </summary>
public sealed record IntervalBasis(int N, string Of, string Method, int Resamples = 0, int Degenerate = 0, string? Note = null)
{
    public const string Seeds = "seeds";
    public const string Runs = "runs";
    public const string Points = "points";
    public const string Evaluations = "evaluations";

    /// <summary>"3 runs", "1 seed": how many things of which kind.</summary>
    public string Count => N == 1 && Of.EndsWith('s') ? $"1 {Of[..^1]}" : $"{N} {Of}";

    /// <summary>"2 seeds, t interval over seeds" or "200 resamples of 3 runs (41 degenerate)": for tables and tooltips.</summary>
    public override string ToString() =>
        (Resamples > 0 ? $"{Resamples} resamples of {Count}" : Count) + $", {Method}"
        + (Degenerate > 0 ? $" ({Degenerate} degenerate)" : "") + (Note is null ? "" : $"; {Note}");
}
