using OrleansScaling.Science.Curves;

namespace OrleansScaling.Science.Tests.Curves;

public class CurveCsvTests
{
    private static readonly CurvePoint[] Curve =
    [
        new(0, 0, 0, 5.55, 5.54, 0, 0, 0),
        new(100, 204_800, 1.234567890123e12, 2.5000000000000004, 2.6, 1e-3 / 3, 12.25, 16_718.367346938776),
        new(200, 409_600, 2.469135780246e12, 2.1, 0.1 + 0.2, 1e-3, 24.5, double.NaN),
    ];

    [Fact]
    public void Writes_the_exact_header_and_round_trips_every_double()
    {
        var csv = CurveCsv.ToCsv(Curve);
        Assert.StartsWith("iteration,tokens,flops,trainLoss,testLoss,learningRate,wallSeconds,tokensPerSecond\n", csv.ReplaceLineEndings("\n"));
        var back = CurveCsv.Parse(csv, "mem.csv");
        Assert.Equal(Curve, back);
    }

    [Fact]
    public void Reads_required_columns_by_name_in_any_order_and_case_ignoring_others()
    {
        var back = CurveCsv.Parse("TestLoss,extra,FLOPS,Iteration,tokens\n3.5,x,1e9,10,2048\n3.25,y,2e9,20,4096\n", "other.csv");
        Assert.Equal(2, back.Count);
        Assert.Equal(new CurvePoint(20, 4096, 2e9, double.NaN, 3.25, double.NaN, double.NaN, double.NaN), back[1]);
    }

    [Theory]
    [InlineData("iteration,tokens,flops\n1,2,3\n", 1, "testLoss", "missing column")]
    [InlineData("iteration,tokens,flops,testLoss\n", 1, "iteration", "no rows")]
    [InlineData("", 1, "header", "empty")]
    [InlineData("iteration,tokens,flops,testLoss\n1,2,3,4\n2,4,6,NaN\n", 3, "testLoss", "finite")]
    [InlineData("iteration,tokens,flops,testLoss\n1,2,3,4\n2,4,abc,3\n", 3, "flops", "not a number")]
    [InlineData("iteration,tokens,flops,testLoss\n10,2,3,4\n5,4,6,3\n", 3, "iteration", "sorted")]
    [InlineData("iteration,tokens,flops,testLoss\n10,2,3,4\n\n10,4,6,3\n", 4, "iteration", "duplicate")]
    [InlineData("iteration,tokens,flops,testLoss\n1.5,2,3,4\n", 2, "iteration", "whole number")]
    [InlineData("iteration,tokens,flops,testLoss\n1,2,3\n", 2, "row", "fields")]
    public void Bad_curves_name_the_file_line_and_column(string csv, int line, string column, string problem)
    {
        var e = Assert.Throws<CurveFileException>(() => CurveCsv.Parse(csv, "runs/s.csv"));
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Equal(column, e.ParamName);
        Assert.StartsWith($"runs/s.csv, line {line}, column {column}: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Files_round_trip_and_a_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"curve-{Guid.NewGuid():N}.csv");
        try
        {
            CurveCsv.WriteFile(path, Curve);
            Assert.Equal(Curve, CurveCsv.ReadFile(path));
        }
        finally { File.Delete(path); }
        var e = Assert.Throws<ArgumentException>(() => CurveCsv.ReadFile(path));
        Assert.Contains(path, e.Message);
    }
}
