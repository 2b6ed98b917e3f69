namespace OrleansScaling.Cli.Infrastructure;

/// <summary>The exit codes scripts depend on (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Any unexpected failure (a run that diverged, an I/O error).</summary>
    public const int Failure = 1;
    /// <summary>Bad input: the message names the field and the fix.</summary>
    public const int BadInput = 2;
    public const int NotFound = 3;
    /// <summary>The cluster did not answer within 15 seconds.</summary>
    public const int ClusterUnreachable = 4;
    /// <summary>Ctrl+C (128 + SIGINT): `osc sweep launch --wait` stopped following; the sweep goes on.</summary>
    public const int Interrupted = 130;
}

/// <summary>A failure to report to the user with a given exit code; the message names the field and the fix.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException BadInput(string message) => new(ExitCodes.BadInput, message);
    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);
}
