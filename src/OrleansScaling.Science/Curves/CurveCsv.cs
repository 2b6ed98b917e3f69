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
        var header = reader.ReadLine();
        if (header is null || header.Trim().Length == 0)
            throw new CurveFileException(source, 1, "header", $"the file is empty; a curve starts with the header line '{Header}'.");
        var columns = ColumnIndex.FromHeader(source, header);
        var points = new List<CurvePoint>();
        var lineNumber = 1;
        var previousLine = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var point = columns.ReadPoint(source, lineNumber, line);
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

    /// <summary>Where each known column sits in a file's header.</summary>
    private sealed class ColumnIndex(Dictionary<string, int> positions, int width)
    {
        public static ColumnIndex FromHeader(string source, string header)
        {
            var names = header.Split(',').Select(n => n.Trim().Trim('"')).ToArray();
            var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < names.Length; i++)
            {
                if (Required.Contains(names[i], StringComparer.OrdinalIgnoreCase) || Optional.Contains(names[i], StringComparer.OrdinalIgnoreCase))
                {
                    if (!positions.TryAdd(names[i], i))
                        throw new CurveFileException(source, 1, names[i], $"the column appears twice in the header: keep one.");
                }
            }
            foreach (var name in Required)
            {
                if (!positions.ContainsKey(name))
                    throw new CurveFileException(source, 1, name,
                        $"missing column: the header must name {string.Join(", ", Required)} (found: {string.Join(", ", names)}).");
            }
            return new ColumnIndex(positions, names.Length);
        }

        public CurvePoint ReadPoint(string source, int line, string text)
        {
            var fields = text.Split(',');
            if (fields.Length < width)
                throw new CurveFileException(source, line, "row", $"the row has {fields.Length} fields but the header names {width}: complete the row or delete it.");
            return new CurvePoint(
                Iteration: NonNegativeWhole(source, line, fields, "iteration"),
                Tokens: NonNegativeWhole(source, line, fields, "tokens"),
                Flops: Number(source, line, fields, "flops", required: true),
                TrainLoss: Number(source, line, fields, "trainLoss", required: false),
                TestLoss: Number(source, line, fields, "testLoss", required: true),
                LearningRate: Number(source, line, fields, "learningRate", required: false),
                WallSeconds: Number(source, line, fields, "wallSeconds", required: false),
                TokensPerSecond: Number(source, line, fields, "tokensPerSecond", required: false));
        }

        private long NonNegativeWhole(string source, int line, string[] fields, string column)
        {
            var x = Number(source, line, fields, column, required: true);
            if (x < 0 || x != Math.Floor(x) || x > long.MaxValue / 2)
                throw new CurveFileException(source, line, column, $"'{fields[positions[column]].Trim()}' is not a non-negative whole number.");
            return (long)x;
        }

        private double Number(string source, int line, string[] fields, string column, bool required)
        {
            if (!positions.TryGetValue(column, out var at)) return double.NaN;
            var raw = fields[at].Trim().Trim('"');
            if (raw.Length == 0 && !required) return double.NaN;
            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
                throw new CurveFileException(source, line, column, $"'{raw}' is not a number (use invariant format such as 2.5 or 1e9).");
            if (required && !double.IsFinite(x))
                throw new CurveFileException(source, line, column, $"'{raw}' is not a finite number: every row needs a finite {column}; drop rows from diverged evaluations.");
            return x;
        }
    }
}
