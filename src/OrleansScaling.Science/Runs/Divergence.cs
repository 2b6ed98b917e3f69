using System.Globalization;

namespace OrleansScaling.Science.Runs;

/// <summary>
/// The one rule for a diverged run, used by the engine (so by `osc train` and by the silos' worker slots alike):
/// a training or test loss that is not finite (NaN, ±∞), or that is above <see cref="LimitFactor"/> × ln V nats —
/// three times the loss of guessing uniformly over the V-token vocabulary, which is where every run starts and which
/// no healthy run comes back above after its first step. A diverged run ends at that iteration; it is a result,
/// not a failure, and it is never retried (the same spec and seed diverge again).
/// </summary>
public static class Divergence
{
    /// <summary>How many times the starting (uniform-guessing) loss ln V a loss may reach before the run counts as diverged.</summary>
    public const double LimitFactor = 3;

    /// <summary>What to do about it: the stop reason ends with this.</summary>
    public const string Advice = "lower the learning rate";

    /// <summary>The highest loss (nats) a run with a <paramref name="vocab"/>-token vocabulary may report: 3 · ln V.</summary>
    public static double Limit(int vocab) => LimitFactor * Math.Log(Math.Max(vocab, 2));

    /// <summary>Whether <paramref name="loss"/> (training or test, nats) means the run diverged.</summary>
    public static bool IsDiverged(double loss, int vocab) => !double.IsFinite(loss) || loss > Limit(vocab);

    /// <summary>"diverged at iteration 2 (loss NaN)": what happened, without the advice.</summary>
    public static string Describe(long iteration, double loss) =>
        string.Create(CultureInfo.InvariantCulture, $"diverged at iteration {iteration} (loss {FormatLoss(loss)})");

    /// <summary>A run's stop reason: "diverged at iteration 2 (loss ∞); lower the learning rate".</summary>
    public static string StopReason(long iteration, double loss) => $"{Describe(iteration, loss)}; {Advice}";

    /// <summary>NaN, ∞ and −∞ by name; a finite loss with 4 decimals.</summary>
    public static string FormatLoss(double loss) => loss switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "-∞",
        _ => loss.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>A stop reason without its advice ("diverged at iteration 2 (loss NaN)"), for notes.</summary>
    public static string WithoutAdvice(string stopReason)
    {
        int cut = stopReason.IndexOf("; ", StringComparison.Ordinal);
        return cut < 0 ? stopReason : stopReason[..cut];
    }
}
