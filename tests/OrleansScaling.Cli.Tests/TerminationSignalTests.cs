using System.Runtime.InteropServices;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;

namespace OrleansScaling.Cli.Tests;

/// <summary>SIGTERM, as `kill` or `timeout` sends it, stops `osc train` the way Ctrl+C does: a checkpoint, exit 130.</summary>
public class TerminationSignalTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SigTerm = 15;

    [Fact]
    public async Task Sigterm_checkpoints_a_training_run_and_exits_130_naming_the_resume_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", Guid.NewGuid().ToString("N"));
        using var process = OscProcess.StartOsc("train", "--d-model", "32", "--layers", "1", "--heads", "2", "--context", "16",
            "--batch", "2", "--iterations", "50000", "--checkpoint-every", "50", "--corpus", "brown", "--out", dir,
            "--cache", Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", "cache"));
        var stdout = process.StandardOutput.ReadToEndAsync();
        // Every read has a deadline: a process that never prints or never exits fails the test instead of hanging it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            // The first progress line means training has started; then the signal.
            var error = new System.Text.StringBuilder();
            for (string? line; (line = await process.StandardError.ReadLineAsync(timeout.Token)) is not null;)
            {
                error.AppendLine(line);
                if (line.Contains("iter ", StringComparison.Ordinal)) break;
            }
            Assert.Equal(0, kill(process.Id, SigTerm));
            error.Append(await process.StandardError.ReadToEndAsync(timeout.Token));
            await process.WaitForExitAsync(timeout.Token);
            await stdout.WaitAsync(timeout.Token);

            Assert.Equal(ExitCodes.Interrupted, process.ExitCode);
            string checkpoint = error.ToString().Split("--resume ")[1].Trim();
            Assert.True(File.Exists(checkpoint), error.ToString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
