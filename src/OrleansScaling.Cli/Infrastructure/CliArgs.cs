using System.Globalization;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>
/// Parsed arguments of one verb: positionals, `--name value` options (repeatable) and `--flag` switches.
/// Every getter names the option in its error, so bad input says which field to fix.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals { get; }

    private CliArgs(List<string> positionals) => Positionals = positionals;

    /// <param name="flagNames">Options that take no value (e.g. "json", "wait", "help").</param>
    public static CliArgs Parse(IReadOnlyList<string> args, IEnumerable<string> flagNames)
    {
        var flags = new HashSet<string>(flagNames, StringComparer.Ordinal) { "help", "json" };
        var positionals = new List<string>();
        var result = new CliArgs(positionals);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positionals.Add(arg);
                continue;
            }
            var name = arg[2..];
            string? inlineValue = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) { inlineValue = name[(eq + 1)..]; name = name[..eq]; }
            if (flags.Contains(name) && inlineValue is null)
            {
                result._flags.Add(name);
                continue;
            }
            var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw CliException.BadInput($"--{name} needs a value."));
            if (!result._options.TryGetValue(name, out var list)) result._options[name] = list = [];
            list.Add(value);
        }
        return result;
    }

    public bool Flag(string name) { _read.Add(name); return _flags.Contains(name); }

    public bool Json => Flag("json");

    public string? String(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var v) ? v[^1] : null;
    }

    public IReadOnlyList<string> All(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var v) ? v : [];
    }

    public string Required(string name) =>
        String(name) ?? throw CliException.BadInput($"--{name} is required.");

    public double? Double(string name) => Parse(name, String(name), s =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : (double?)null, "a number such as 1e6");

    public long? Long(string name) => Parse(name, String(name), s =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x == Math.Floor(x) && Math.Abs(x) < 9.2e18 ? (long)x : (long?)null, "a whole number such as 300 or 1e6");

    public int? Int(string name) => Parse(name, String(name), s =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : (int?)null, "a whole number");

    public double Double(string name, double fallback) => Double(name) ?? fallback;
    public int Int(string name, int fallback) => Int(name) ?? fallback;

    /// <summary>Options given on the command line that the verb never asked for: almost always a typo.</summary>
    public IEnumerable<string> Unread() =>
        _options.Keys.Concat(_flags).Where(n => !_read.Contains(n)).Distinct().Order(StringComparer.Ordinal);

    private static T? Parse<T>(string name, string? raw, Func<string, T?> parse, string expected)
    {
        if (raw is null) return default;
        return parse(raw) ?? throw CliException.BadInput($"--{name} must be {expected} (got '{raw}').");
    }
}
