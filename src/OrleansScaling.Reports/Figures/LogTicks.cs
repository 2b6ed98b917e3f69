using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace OrleansScaling.Reports.Figures;

/// <summary>
/// Log axes for ScottPlot 5, which has none built in: data are plotted as log10(value) and the axis gets ticks at
/// round values (1, 2, 5 × 10^k, or finer steps when the range spans less than a decade, as loss axes do).
/// </summary>
public static class LogTicks
{
    private static readonly double[][] Steps =
    [
        [1],
        [1, 2, 5],
        [1, 1.5, 2, 3, 5, 7],
        [1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 9],
    ];

    /// <summary>Sets manual ticks on <paramref name="axis"/> for values in [min, max] (both positive).</summary>
    public static void Apply(IAxis axis, double min, double max)
    {
        var ticks = new NumericManual();
        foreach (var value in Values(min, max)) ticks.AddMajor(Math.Log10(value), Label(value));
        axis.TickGenerator = ticks;
    }

    /// <summary>Round values inside [min, max]: the coarsest step set giving at least 3 ticks, at most 12.</summary>
    public static IReadOnlyList<double> Values(double min, double max)
    {
        if (!(min > 0 && max >= min)) throw new ArgumentException($"log ticks need 0 < min ≤ max (got {min}, {max}).", nameof(min));
        List<double> values = [];
        foreach (var steps in Steps)
        {
            values = [];
            for (var exponent = (int)Math.Floor(Math.Log10(min)); exponent <= (int)Math.Ceiling(Math.Log10(max)); exponent++)
            {
                values.AddRange(steps.Select(s => s * Math.Pow(10, exponent)).Where(v => v >= min * 0.999 && v <= max * 1.001));
            }
            if (values.Count >= 3) break;
        }
        return values.Count > 12 ? values.Where((_, i) => i % ((values.Count + 11) / 12) == 0).ToList() : values;
    }

    /// <summary>Compact labels: 2.5, 300, 4k, 1.2M, 3e12.</summary>
    public static string Label(double value) => value switch
    {
        >= 1e7 => value.ToString("0.#e0", CultureInfo.InvariantCulture),
        >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    public static double[] Log(IEnumerable<double> values) => values.Select(Math.Log10).ToArray();
}
