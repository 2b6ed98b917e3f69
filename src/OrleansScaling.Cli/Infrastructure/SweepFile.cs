using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Infrastructure;

/// <summary>
/// Reads a sweep file with the one sweep-request reader, <see cref="SweepRequestJson"/> (the same as POST /api/sweeps):
/// camelCase, enums as strings, unknown or repeated fields and control characters refused (docs/cli.md).
/// Every error starts with the file, names the JSON field and says what it accepts.
/// </summary>
public static class SweepFile
{
    public static async Task<SweepRequest> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw CliException.BadInput($"sweep file '{path}' does not exist; pass a JSON file (see examples/sweeps/) or --preset NAME.");
        var length = new FileInfo(path).Length;
        if (length > SweepRequestJson.MaxBytes)
            throw CliException.BadInput($"{path} is {length:N0} bytes, more than the {SweepRequestJson.MaxBytes:N0} (1 MiB) a sweep request may have; " +
                "a sweep file is a few hundred bytes of fields (docs/cli.md).");
        return Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    public static SweepRequest Parse(string json, string source)
    {
        try
        {
            return SweepRequestJson.Read(json);
        }
        catch (SweepRequestJsonException e)
        {
            throw CliException.BadInput($"{source}: {e.Message}");
        }
    }
}
