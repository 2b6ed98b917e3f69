using System.Globalization;
using System.Text;

namespace OrleansScaling.Science.Curves;

/// <summary>
/// Learning curves as CSV: the one format the engine writes (osc train), the grains export and the analyses
/// read. Invariant culture, doubles written round-trip. The reader finds columns by name (any case, any
/// order); iteration, tokens, flops and testLoss are required, the others optional (NaN when absent).
/// </summary>
public static class CurveCsv
{
    public const string Header = "iteration,tokens,flops,trainLoss,testLoss,learningRate,wallSeconds,tokensPerSecond";

    private static readonly string[] Required = ["iteration", "tokens", "flops", "testLoss"];
    private static readonly string[] Optional = ["trainLoss", "learningRate", "wallSeconds", "tokensPerSecond"];

    public static void Write(TextWriter writer, IEnumerable<CurvePoint> points)
    {
        writer.WriteLine(Header);
        foreach (var p in points)
        {
            writer.WriteLine(string.Join(',',
                p.Iteration.ToString(CultureInfo.InvariantCulture), p.Tokens.ToString(CultureInfo.InvariantCulture),
                Format(p.Flops), Format(p.TrainLoss), Format(p.TestLoss), Format(p.LearningRate),
                Format(p.WallSeconds), Format(p.TokensPerSecond)));
        }
    }

    public static string ToCsv(IEnumerable<CurvePoint> points)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Write(text, points);
        return text.ToString();
    }

    public static void WriteFile(string path, IEnumerable<CurvePoint> points)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        Write(writer, points);
    }

    public static IReadOnlyList<CurvePoint> ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"curve file '{path}' does not exist: give the path of a CSV written by osc train or osc export.", "curve");
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<CurvePoint> Parse(string csv, string source) => Read(new StringReader(csv), source);

    /// <summary>Reads a curve; <paramref name="source"/> (a file name) appears in every error.</summary>
    public static IReadOnlyList<CurvePoint> Read(TextReader reader, string source)
    {
        var columns = CsvColumns.FromHeader(source, reader.ReadLine(), Required, Optional);
        var points = new List<CurvePoint>();
        var lineNumber = 1;
        var previousLine = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = columns.Fields(lineNumber, line);
            var point = new CurvePoint(
                Iteration: columns.Whole(lineNumber, fields, "iteration"),
                Tokens: columns.Whole(lineNumber, fields, "tokens"),
                Flops: columns.Finite(lineNumber, fields, "flops"),
                TrainLoss: columns.Optional(lineNumber, fields, "trainLoss"),
                TestLoss: columns.Finite(lineNumber, fields, "testLoss"),
                LearningRate: columns.Optional(lineNumber, fields, "learningRate"),
                WallSeconds: columns.Optional(lineNumber, fields, "wallSeconds"),
                TokensPerSecond: columns.Optional(lineNumber, fields, "tokensPerSecond"));
            if (points.Count > 0 && point.Iteration <= points[^1].Iteration)
                throw new CurveFileException(source, lineNumber, "iteration",
                    $"iteration {point.Iteration} does not follow iteration {points[^1].Iteration} of line {previousLine}: " +
                    "rows must be sorted by iteration, each iteration once (sort the file and drop duplicate rows).");
            points.Add(point);
            previousLine = lineNumber;
        }
        if (points.Count == 0)
            throw new CurveFileException(source, lineNumber, "iteration", "the curve has a header but no rows: give at least one evaluation.");
        return points;
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
