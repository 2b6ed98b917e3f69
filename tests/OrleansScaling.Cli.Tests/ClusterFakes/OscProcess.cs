using System.Diagnostics;

namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>Runs the built `osc` (or another dotnet command) as its own process, as a user or a script would.</summary>
public static class OscProcess
{
    /// <summary>
    /// osc's own build output (same configuration as these tests), not the copy beside the tests: the test project's
    /// newer dependency versions would not match osc.deps.json.
    /// </summary>
    public static readonly string OscDll = Path.Combine(Repository.Root, "src", "OrleansScaling.Cli",
        Path.GetRelativePath(Path.Combine(Repository.Root, "tests", "OrleansScaling.Cli.Tests"), AppContext.BaseDirectory), "osc.dll");

    public static Task<Osc.Result> Run(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Dotnet(environment, Repository.Root, [OscDll, .. args]);

    /// <summary>Starts the built `osc` with redirected output, for a test that talks to it while it runs.</summary>
    public static Process StartOsc(params string[] args) => Start(new Dictionary<string, string>(), Repository.Root, [OscDll, .. args]);

    private static Process Start(IReadOnlyDictionary<string, string> environment, string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return Process.Start(start)!;
    }

    /// <summary>`dotnet ARGS` in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    public static async Task<Osc.Result> Dotnet(IReadOnlyDictionary<string, string> environment, string workingDirectory, string[] args)
    {
        using var process = Start(environment, workingDirectory, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} ran past 2 minutes; stderr so far: {await error}");
        }
        return new Osc.Result(process.ExitCode, await output, await error);
    }
}
