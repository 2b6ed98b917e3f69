using Bunit;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Components.Experiment;
using OrleansScaling.Science.Analysis;

namespace OrleansScaling.Dashboard.Tests.Components;

public sealed class AnalysesTablesTests : DashboardContext
{
    private static SpeedupRow Speedup(int d, long p, int epochs, double dropout, int seed, double? value) =>
        new(d, p, epochs, dropout, seed, new SpeedupResult(value, 1000, 3.2, value is null ? null : 1000 / value));

    [Fact]
    public void The_speedup_table_is_laid_out_like_the_papers_Table_2()
    {
        var table = Render<SpeedupTable>(p => p.Add(t => t.Rows, [
            Speedup(256, 18_000_000, 10, 0, 1, 1.8), Speedup(256, 18_000_000, 10, 0, 2, 2.0),
            Speedup(256, 18_000_000, 5, 0, 1, 1.5), Speedup(256, 18_000_000, 5, 0.1, 1, null),
            Speedup(512, 45_000_000, 10, 0, 1, 3.3),
        ]));
        var headers = table.FindAll("thead th").Select(h => h.TextContent).ToList();
        Assert.Equal(["d", "params", "S vs M(E=10)", "S vs M(E=5)", "SD vs MD(E=5)"], headers);
        var rows = table.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        var d256 = rows[0].QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.Equal(["256", "18 M params", "1.90× (n=2)", "1.50×", "not reached"], d256);
        Assert.Equal("—", rows[1].QuerySelectorAll("td")[3].TextContent);
    }

    [Fact]
    public void The_frontier_table_shows_ranges_with_an_open_end_and_the_overlap()
    {
        var frontier = new FrontierResult(
            [new FrontierSize(45_000_000, [1000, 20000], [1.8, 12.9]), new FrontierSize(18_000_000, [null, 9000], [null, 11.5]),
             new FrontierSize(128_000_000, [4000, null], [1.5, null])],
            [1.8, 11.5], 4.55);
        var table = Render<FrontierTable>(p => p.Add(t => t.Frontier, frontier));
        var rows = table.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent).ToList()).ToList();
        Assert.Equal(["18 M params", "[0, 9,000]", "[0, 11.5]"], rows[0]);
        Assert.Equal(["128 M params", "[4,000, ∞]", "[1.5, ∞]"], rows[2]);
        Assert.Contains("[1.8, 11.5] tokens/param; geometric mean 4.55 tokens/param", table.Find("tfoot").TextContent);
    }

    [Fact]
    public void Power_law_fits_list_exponent_coefficient_R2_and_range()
    {
        var table = Render<PowerLawTable>(p => p.Add(t => t.Rows, [new PowerLawRow("r1", "d128-S-seed1", new PowerLawFit(0.3012, 6.1, 0.9931, 200, 5000))]));
        var cells = table.FindAll("tbody td").Select(c => c.TextContent).ToList();
        Assert.Equal(["d128-S-seed1", "0.3012", "—", "6.100", "0.9931", "200 it – 5,000 it"], cells);
    }

    [Fact]
    public void Speedups_and_exponents_show_their_95_percent_intervals()
    {
        var speedups = Render<SpeedupTable>(p => p.Add(t => t.Rows, [
            Speedup(256, 18_000_000, 10, 0, 1, 1.2) with { CellInterval = [1.16, 1.23] },
            Speedup(256, 18_000_000, 10, 0, 2, 1.18) with { CellInterval = [1.16, 1.23] },
        ]));
        Assert.Equal("1.19× [1.16, 1.23] (n=2)", speedups.FindAll("tbody td")[2].TextContent);
        Assert.Contains("95% interval", speedups.Find("p.hint").TextContent);

        var laws = Render<PowerLawTable>(p => p.Add(t => t.Rows, [new PowerLawRow("r1", "d128-S-seed1", new PowerLawFit(0.3012, 6.1, 0.9931, 200, 5000), [0.29, 0.31], [5.9, 6.35])]));
        Assert.Equal("[0.2900, 0.3100]", laws.FindAll("tbody td")[2].TextContent);
        Assert.Equal("6.100 [5.900, 6.350]", laws.FindAll("tbody td")[3].TextContent);
    }
}
