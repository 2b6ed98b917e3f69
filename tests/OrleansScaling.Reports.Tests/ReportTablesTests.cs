using System.Globalization;

namespace OrleansScaling.Reports.Tests;

public sealed class ReportTablesTests(DrawnReport report) : IClassFixture<DrawnReport>
{
    private string Row(string startsWith) =>
        report.Tables.Split('\n').Single(line => line.StartsWith(startsWith, StringComparison.Ordinal) && line.Contains(" vs ", StringComparison.Ordinal));

    [Fact]
    public void The_speedup_table_has_the_exact_speedup_the_overfitting_and_the_papers_value()
    {
        // M's best is 8·1000^(−0.2) at iteration 2,000; S reaches it at 1,000.
        var row = Row("| 64 |");
        Assert.Contains("S vs M(E=10)", row);
        Assert.Contains($"{SyntheticStudy.S(1000):0.000} at 2,000", row);
        Assert.Contains("| yes (+0.200 nats by its last evaluation) |", row); // 1e-4 nats per iteration for 2,000 iterations
        Assert.Contains("| 1,000 |", row);
        Assert.Contains("| 2.00× |", row);
        Assert.Contains("1.9× (d=256, 18M)", row);
        Assert.Contains("3.3× (d=512, 45M)", Row("| 128 |"));
    }

    [Fact]
    public void The_per_size_summary_puts_each_speedup_beside_the_papers_row_of_the_same_rank()
    {
        var row = report.Tables.Split('\n').Single(line => line.StartsWith("| 64 | ", StringComparison.Ordinal) && line.Contains("seed 1: ", StringComparison.Ordinal));
        // One seed: an interval (or its absence) says it rests on one seed.
        Assert.Matches(@"\| seed 1: 2\.00× (\[\d\.\d\d, \d\.\d\d\] \(1 seed(: [^)|]*)?\)|— \(1 seed[^|]*\)) \| — \| 1\.9× / 1\.5× \(d=256, 18M\) \|", row);
    }

    [Fact]
    public void The_dropout_table_shows_sd_above_s_at_every_evaluation_of_the_second_half()
    {
        var row = report.Tables.Split('\n').First(line => line.StartsWith("| 64 | ", StringComparison.Ordinal) && line.Contains("20/20", StringComparison.Ordinal));
        Assert.Contains("| +0.050 |", row);
    }

    [Fact]
    public void The_power_law_of_s_is_recovered_exactly()
    {
        var row = report.Tables.Split('\n').Single(line => line.StartsWith("| d64-S-seed1 | 0.200 |", StringComparison.Ordinal));
        Assert.Contains("| 8.00 | 1.000 |", row);
    }

    [Fact]
    public void The_isoflop_table_finds_the_parabolas_minimum_at_the_middle_size()
    {
        var shapes = SyntheticStudy.ProfileA.Select(x => (Shape: SyntheticStudy.Shape(x.Item1), Tokens: (double)x.Item2 * SyntheticStudy.Batch * SyntheticStudy.Context)).ToList();
        var optimum = (double)SyntheticStudy.Shape(128).Parameters;
        var product = Math.Exp(shapes.Average(s => Math.Log(s.Shape.Parameters * s.Tokens)));
        var row = report.Tables.Split('\n').Single(line => line.StartsWith("| " + (6 * product).ToString("0.00e0", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                                                          && line.Contains("| 3 |", StringComparison.Ordinal));
        Assert.Contains("| " + optimum.ToString("N0", CultureInfo.InvariantCulture) + " |", row);
        Assert.Contains("| " + (product / optimum / optimum).ToString("0.00", CultureInfo.InvariantCulture) + " |", row);
        Assert.Contains("| 3.000 | 1.000 | yes |", row);
    }

    [Fact]
    public void The_planner_check_names_the_planners_shape_and_its_gap_to_the_best_run()
    {
        // isoflop-a is the larger budget: the planner check's row for it is the last of the table.
        var row = report.Tables.Split('\n').Last(line => line.Contains("T/P = ", StringComparison.Ordinal) && line.StartsWith("| ", StringComparison.Ordinal));
        Assert.Matches(@"d\d+ L2, [\d,]+ params, T/P = [\d.]+", row);
        Assert.Contains("| 3.000 | " + SyntheticStudy.Shape(128).Parameters.ToString("N0", CultureInfo.InvariantCulture) + " params: 3.000 |", row);
    }

    [Fact]
    public void Each_planner_check_uses_its_own_profiles_parabola_whatever_order_names_and_budgets_sort_in()
    {
        // isoflop-b has the smaller budget (the table's first row): its row must show its own minimum (4), not isoflop-a's (3).
        var row = report.Tables.Split('\n').First(line => line.Contains("T/P = ", StringComparison.Ordinal) && line.StartsWith("| ", StringComparison.Ordinal));
        Assert.Contains("| 4.000 | " + SyntheticStudy.Shape(128).Parameters.ToString("N0", CultureInfo.InvariantCulture) + " params: 4.000 |", row);
    }

    [Fact]
    public void The_frontier_and_the_parametric_fit_sit_beside_the_papers_numbers()
    {
        Assert.Contains("The paper: [1.8, 11.5], geometric mean 4.5 ≈ 5.", report.Tables);
        Assert.Contains("### Parametric fit (Chinchilla approach 3)", report.Tables);
        Assert.Matches(@"L\(N, D\) = [\d.]+ \+ .* \(nats\), from 8 runs", report.Tables);
    }

    [Fact]
    public void Log_ticks_are_round_values_inside_the_range_even_within_one_decade()
    {
        Assert.Equal([1.5, 2, 3], Figures.LogTicks.Values(1.45, 3.4));
        Assert.Equal([100, 200, 500, 1000, 2000], Figures.LogTicks.Values(100, 4000));
    }
}

public sealed class ReportIntervalsTests(DrawnReport report) : IClassFixture<DrawnReport>
{
    [Fact]
    public void Each_isoflop_parabola_has_its_own_budgets_runs_whatever_order_folders_and_budgets_sort_in()
    {
        // isoflop-a holds the larger budget, isoflop-b the smaller: folder order and budget order differ. The comparison's
        // S runs are another source, so none of them joins a profile even where its FLOPs match.
        var analyses = report.Output.Analyses;

        Assert.Equal(2, analyses.IsoFlop!.Count);
        Assert.True(analyses.IsoFlop[0].Fit.Budget < analyses.IsoFlop[1].Fit.Budget);
        Assert.All(analyses.IsoFlop, p => Assert.Equal(3, p.Fit.Runs));
        Assert.Equal([4.0, 3.0], analyses.IsoFlop.Select(p => Math.Round(p.Fit.MinimumLoss, 6)).ToArray());
    }

    [Fact]
    public void The_runs_table_gives_each_runs_average_throughput()
    {
        // Synthetic curves: wall time i·0.01 s at iteration i of 8 × 64 tokens, so 51,200 tokens/s on average.
        var row = report.Tables.Split('\n').Single(line => line.StartsWith("| d64-S-seed1 | ", StringComparison.Ordinal) && line.Contains(" at 4,000 |", StringComparison.Ordinal));
        Assert.EndsWith("| 51200 |", row.TrimEnd()); // not 5000, the last interval's rate the curve also records
    }

    [Fact]
    public void The_frontier_text_does_not_claim_an_open_overlap_as_a_frontier()
    {
        var line = report.Tables.Split('\n').Single(l => l.Contains("The paper: [1.8, 11.5]", StringComparison.Ordinal));
        Assert.True(line.StartsWith("No frontier measured", StringComparison.Ordinal) || line.StartsWith("Overlap [", StringComparison.Ordinal) && !line.Contains("∞"), line);
    }

    [Fact]
    public void Numbers_carry_their_intervals()
    {
        Assert.Contains("Intervals are 95%, from 200 bootstrap resamples (seed 1", report.Tables);
        Assert.Matches(@"\| d64-S-seed1 \| 0\.200 \| \[0\.\d{3}, 0\.\d{3}\] \(\d+ evaluations\) \|", report.Tables);
        Assert.Matches(@"95% intervals \(200 resamples of \d+ runs, [^)]*\): E \[", report.Tables);
        // Two budgets: the fit on the runs at or below the smaller one has too few runs, and the report says so.
        Assert.Contains("held-out check: not computed: only", report.Tables);
    }
}
