namespace OrleansScaling.Hosting;

/// <summary>
/// How every host (silo, dashboard) refuses to start: one line naming the setting and the fix, no stack trace, exit 2.
/// </summary>
public static class StartupRefusal
{
    /// <summary>The exit code of a process that refused to start over its settings.</summary>
    public const int ExitCode = 2;

    /// <summary>Runs <paramref name="run"/>; a refused setting anywhere inside becomes one line on <paramref name="error"/> and exit 2.</summary>
    public static async Task<int> GuardAsync(string process, TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (Refusal(e) is { } message)
        {
            await error.WriteLineAsync($"{process}: {message}");
            await error.FlushAsync();
            return ExitCode;
        }
    }

    /// <summary>The one-line reason when <paramref name="e"/> (or what it wraps) is a refused setting; null otherwise.</summary>
    public static string? Refusal(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is InvalidSettingException setting) return OneLine(setting.Message);
            // The configuration binder: "Failed to convert configuration value '…' at 'OrleansScaling:Mode' to type …".
            if (current is InvalidOperationException binder && binder.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
                return OneLine(binder.Message) + " Fix that value (docs/configuration.md lists each setting and what it accepts).";
            if (current is AggregateException { InnerExceptions.Count: 1 } aggregate && Refusal(aggregate.InnerExceptions[0]) is { } inner) return inner;
        }
        return null;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
