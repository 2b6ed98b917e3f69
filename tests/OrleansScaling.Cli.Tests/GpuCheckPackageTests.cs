using System.Diagnostics;
using System.Text.Json;
using OrleansScaling.Cli.Tests.ClusterFakes;

namespace OrleansScaling.Cli.Tests;

/// <summary>One `scripts/gpu-check.sh pack` (publish + xz, about 2 minutes) shared by the tests of the package.</summary>
public sealed class GpuCheckPackage
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", "gpu-check-" + Guid.NewGuid().ToString("N"));
    public GpuCheckPackageTests.Result Pack { get; }

    public GpuCheckPackage() =>
        Pack = GpuCheckPackageTests.Bash(TimeSpan.FromMinutes(10), Path.Combine(Repository.Root, "scripts", "gpu-check.sh"), "pack", Directory);
}

/// <summary>
/// The GPU check package stays working without a GPU: packed, then run with --device cpu on the libtorch-cpu package's
/// own files in a folder of their own, with a tiny configuration.
/// </summary>
public class GpuCheckPackageTests(GpuCheckPackage package) : IClassFixture<GpuCheckPackage>
{
    public sealed record Result(int ExitCode, string Output);

    private static readonly string Root = Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", "gpu-check-run-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_package_is_at_most_40_MiB_and_carries_no_libtorch_and_a_run_script()
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.Output);
        Assert.InRange(new FileInfo(Path.Combine(package.Directory, "gpu-check.tar.xz")).Length, 1, 40L * 1024 * 1024);
        Assert.True(File.Exists(Path.Combine(package.Directory, "run.sh")));
        var listing = Bash(TimeSpan.FromMinutes(2), "-c", $"tar -tJf '{Path.Combine(package.Directory, "gpu-check.tar.xz")}'");
        Assert.Contains("gpu-check/app/osc", listing.Output);
        Assert.Contains("gpu-check/app/bench-engine", listing.Output);
        Assert.Contains("gpu-check/app/libLibTorchSharp.so", listing.Output);
        Assert.DoesNotContain("libtorch_cpu.so", listing.Output);
    }

    [Fact]
    public void On_the_cpu_with_a_libtorch_folder_it_reports_load_smoke_test_a_falling_loss_and_throughput()
    {
        var (run, output, results) = RunCheck("good", completeLibTorch: true, version: "2.10.0+cpu", minutes: 4);
        using var _ = results;
        var r = results.RootElement;
        Assert.Equal("2.10.0+cpu", r.GetProperty("versions").GetProperty("libtorchVersion").GetString());
        Assert.True(r.GetProperty("engineLoad").GetProperty("ok").GetBoolean(), run.Output);
        Assert.True(r.GetProperty("smoke").GetProperty("pass").GetBoolean(), run.Output);
        Assert.True(r.GetProperty("training").GetProperty("lossFalls").GetBoolean(), run.Output);
        Assert.True(r.GetProperty("throughput")[0].GetProperty("engine").GetProperty("tokensPerSecond").GetDouble() > 0, run.Output);
        Assert.Contains("## Throughput", File.ReadAllText(Path.Combine(output, "results.md")));
        Assert.Contains("[gpu-check", run.Output); // progress lines
    }

    [Fact]
    public void A_libtorch_the_engine_cannot_load_still_gives_results_with_the_loaders_message()
    {
        var (_, output, results) = RunCheck("bad", completeLibTorch: false, version: "2.11.0+cu130", minutes: 2);
        using var _ = results;
        var load = results.RootElement.GetProperty("engineLoad");
        Assert.False(load.GetProperty("ok").GetBoolean());
        Assert.Contains("libgomp-98b21ff3.so.1", load.GetProperty("message").GetString());
        Assert.Contains("install PyTorch 2.10.0", load.GetProperty("message").GetString());
        Assert.Contains("did not load", File.ReadAllText(Path.Combine(output, "results.md")));
    }

    /// <summary>The packed check's run.sh on the CPU with a libtorch folder of its own (tiny, fp32); it must exit 0.</summary>
    private (Result Run, string Output, JsonDocument Results) RunCheck(string name, bool completeLibTorch, string version, int minutes)
    {
        Assert.True(package.Pack.ExitCode == 0, package.Pack.Output);
        string lib = LibTorchFiles.LibTorchOnly(Path.Combine(Root, name), complete: completeLibTorch, version: version);
        string output = Path.Combine(Root, name + "-out");
        var run = Bash(TimeSpan.FromMinutes(5), Path.Combine(package.Directory, "run.sh"),
            "--device", "cpu", "--libtorch", lib, "--tiny", "--precisions", "fp32", "--minutes", minutes.ToString(), "--out", output);
        Assert.True(run.ExitCode == 0, run.Output);
        return (run, output, JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json"))));
    }

    /// <summary>`bash ARGS` from the repository root, stdout and stderr together.</summary>
    public static Result Bash(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bash {string.Join(' ', args)} ran past {timeout}: {output}");
        }
        process.WaitForExit();
        lock (output) return new Result(process.ExitCode, output.ToString());
    }
}
