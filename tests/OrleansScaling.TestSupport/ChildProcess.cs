using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansScaling.TestSupport;

/// <summary>
/// A process a test started: its output kept (and mirrored to an optional sink such as a test's output), and the
/// whole process tree killed on dispose so nothing outlives the test.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    // Cleared on dispose: a test's output helper throws once its test has ended, and late lines still arrive.
    private volatile Action<string>? _sink;

    private ChildProcess(Process process, string name, Action<string>? sink)
    {
        _process = process;
        Name = name;
        _sink = sink;
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved as received.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, Action<string>? sink = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name, sink);
        process.OutputDataReceived += (_, e) => child.Record(e.Data);
        process.ErrorDataReceived += (_, e) => child.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: no shutdown hooks run, exactly like a machine losing power.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _sink = null;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        _sink?.Invoke($"[{Name}] {line}");
    }
}
