using System.Globalization;
using System.Text;
using System.Text.Json;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Runs;

/// <summary>One field of a <see cref="RunSpec"/> (or of its <see cref="ModelShape"/>) as a CSV column: its camelCase name, how the spec's value is written and how a field is read back into a spec.</summary>
public sealed record RunSpecColumn(string Name, Func<RunSpec, string> Format, Func<RunSpec, string, RunSpec> Parse);

/// <summary>
/// The whole run spec as flat CSV columns, the one table both the runs.csv writer (`osc export`) and its reader
/// (`osc report`) use, so a spec written and read back is equal to the one that trained (record equality).
/// Integers as invariant digits, doubles with "R" (round-trip) in the invariant culture, enums by their camelCase
/// names (fp32, cosine, bpe2k), text as it is (quoting is <see cref="Quote"/>'s and <see cref="SplitRow"/>'s).
/// </summary>
public static class RunSpecColumns
{
    /// <summary>Every field of <see cref="ModelShape"/> and <see cref="RunSpec"/>, shape first, then the spec in its declared order.</summary>
    public static IReadOnlyList<RunSpecColumn> All { get; } =
    [
        Int("dModel", s => s.Shape.DModel, (s, v) => s with { Shape = s.Shape with { DModel = v } }),
        Int("layers", s => s.Shape.Layers, (s, v) => s with { Shape = s.Shape with { Layers = v } }),
        Int("heads", s => s.Shape.Heads, (s, v) => s with { Shape = s.Shape with { Heads = v } }),
        Int("context", s => s.Shape.Context, (s, v) => s with { Shape = s.Shape with { Context = v } }),
        Int("vocab", s => s.Shape.Vocab, (s, v) => s with { Shape = s.Shape with { Vocab = v } }),
        Int("batchSize", s => s.BatchSize, (s, v) => s with { BatchSize = v }),
        Int("iterations", s => s.Iterations, (s, v) => s with { Iterations = v }),
        Int("epochs", s => s.Epochs, (s, v) => s with { Epochs = v }),
        Real("dropout", s => s.Dropout, (s, v) => s with { Dropout = v }),
        new("corpus", s => s.Corpus, (s, v) => s with { Corpus = v }),
        Int("seed", s => s.Seed, (s, v) => s with { Seed = v }),
        Real("learningRate", s => s.LearningRate, (s, v) => s with { LearningRate = v }),
        Int("warmupIterations", s => s.WarmupIterations, (s, v) => s with { WarmupIterations = v }),
        Named("schedule", s => s.Schedule, (s, v) => s with { Schedule = v }),
        Named("tokenizer", s => s.Tokenizer, (s, v) => s with { Tokenizer = v }),
        Real("weightDecay", s => s.WeightDecay, (s, v) => s with { WeightDecay = v }),
        Real("gradientClip", s => s.GradientClip, (s, v) => s with { GradientClip = v }),
        Int("evaluations", s => s.Evaluations, (s, v) => s with { Evaluations = v }),
        Int("evalBatches", s => s.EvalBatches, (s, v) => s with { EvalBatches = v }),
        Int("checkpointEvery", s => s.CheckpointEvery, (s, v) => s with { CheckpointEvery = v }),
        Named("precision", s => s.Precision, (s, v) => s with { Precision = v }),
        Real("cooldownFraction", s => s.CooldownFraction, (s, v) => s with { CooldownFraction = v }),
        Named("cooldownShape", s => s.CooldownShape, (s, v) => s with { CooldownShape = v }),
    ];

    /// <summary>The columns without a default in <see cref="RunSpec"/>: a table must have them.</summary>
    public static IReadOnlyList<string> Required { get; } = ["dModel", "layers", "heads", "context", "vocab", "batchSize", "iterations"];

    public static IReadOnlyList<string> Names { get; } = All.Select(c => c.Name).ToList();

    private static readonly Dictionary<string, RunSpecColumn> ByName = All.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string column) => ByName.ContainsKey(column);

    /// <summary>The spec's value for one column, unquoted.</summary>
    public static string Format(RunSpec spec, string column) => ByName[column].Format(spec);

    /// <summary>
    /// A spec from the fields of one row: <paramref name="field"/> gives a column's text, or null where the table has
    /// no such column. A missing column keeps <see cref="RunSpec"/>'s default, except the tokenizer, which older tables
    /// lack: it is the one whose vocabulary is the row's vocab (Gpt2 when none is). Throws a
    /// <see cref="RunSpecColumnException"/> naming the column for a missing required column or a value that does not parse.
    /// </summary>
    public static RunSpec Parse(Func<string, string?> field)
    {
        var spec = new RunSpec(new ModelShape(0, 0, 0, 0, 0), 0, 0);
        foreach (var column in All)
        {
            if (field(column.Name) is not { } text)
            {
                if (Required.Contains(column.Name)) throw new RunSpecColumnException(column.Name, "missing column: a run spec needs it.");
                continue;
            }
            spec = column.Parse(spec, text);
        }
        if (field("tokenizer") is null)
            spec = spec with { Tokenizer = Enum.GetValues<TokenizerKind>().FirstOrDefault(t => t.VocabularySize() == spec.Shape.Vocab, TokenizerKind.Gpt2) };
        return spec;
    }

    /// <summary>RFC 4180: quotes a field that holds a comma, a quote or a line break (corpus paths may).</summary>
    public static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    /// <summary>The fields of one CSV line, undoing <see cref="Quote"/>: a quoted field may hold commas and doubled quotes.</summary>
    public static string[] SplitRow(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return [.. fields];
    }

    private static RunSpecColumn Int(string name, Func<RunSpec, int> get, Func<RunSpec, int, RunSpec> set) =>
        new(name, s => get(s).ToString(CultureInfo.InvariantCulture), (s, text) => set(s, ParseInt(name, text)));

    private static RunSpecColumn Real(string name, Func<RunSpec, double> get, Func<RunSpec, double, RunSpec> set) =>
        new(name, s => get(s).ToString("R", CultureInfo.InvariantCulture), (s, text) => set(s, ParseReal(name, text)));

    private static RunSpecColumn Named<T>(string name, Func<RunSpec, T> get, Func<RunSpec, T, RunSpec> set) where T : struct, Enum =>
        new(name, s => EnumName(get(s)), (s, text) => set(s, ParseEnum<T>(name, text)));

    private static string EnumName<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static int ParseInt(string column, string text)
    {
        var raw = text.Trim();
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        // A table edited by hand (or by pandas) may write 16.0 or 1e3 for a whole number.
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x == Math.Floor(x) && x is >= int.MinValue and <= int.MaxValue)
            return (int)x;
        throw new RunSpecColumnException(column, $"'{raw}' is not a whole number.");
    }

    private static double ParseReal(string column, string text)
    {
        var raw = text.Trim();
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)) return x;
        throw new RunSpecColumnException(column, $"'{raw}' is not a finite number (use invariant format such as 2.5 or 1e-3).");
    }

    private static T ParseEnum<T>(string column, string text) where T : struct, Enum
    {
        var raw = text.Trim();
        var value = Enum.GetValues<T>().Where(v => string.Equals(v.ToString(), raw, StringComparison.OrdinalIgnoreCase)).Cast<T?>().FirstOrDefault();
        return value ?? throw new RunSpecColumnException(column,
            $"'{raw}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(EnumName))}.");
    }
}

/// <summary>A run-spec column that is missing or holds a value that does not parse; the reader adds the file and line.</summary>
public sealed class RunSpecColumnException(string column, string message) : FormatException(message)
{
    public string Column { get; } = column;
}
