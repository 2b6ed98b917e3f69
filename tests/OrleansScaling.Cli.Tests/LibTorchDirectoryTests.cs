using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;

namespace OrleansScaling.Cli.Tests;

/// <summary>
/// `osc train --libtorch DIR` on an osc without libtorch (what -p:TorchDevice=none and the GPU check package ship): the
/// libtorch-cpu package's files are moved to another folder, as a PyTorch install's torch/lib would hold them.
/// </summary>
public class LibTorchDirectoryTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", "libtorch-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task An_osc_without_libtorch_trains_on_the_libtorch_of_another_folder_and_names_its_version()
    {
        var (osc, libtorch) = Prepare(complete: true, version: "2.10.0+cpu");
        var result = await Train(osc, "--libtorch", libtorch);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"libtorch 2.10.0+cpu from {libtorch}: the version TorchSharp 0.107.0 was built against", result.Error);
        Assert.Contains("iter 5/5", result.Error);
    }

    [Fact]
    public async Task A_libtorch_that_cannot_load_is_named_with_the_missing_library_and_the_pytorch_to_install()
    {
        var (osc, libtorch) = Prepare(complete: false, version: "2.11.0+cu130");
        var result = await Train(osc, "--libtorch", libtorch);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("libgomp-98b21ff3.so.1: cannot open shared object file", result.Error);
        Assert.Contains("libtorch 2.11.0+cu130", result.Error);
        Assert.Contains("install PyTorch 2.10.0", result.Error);
    }

    [Fact]
    public async Task An_osc_without_libtorch_and_no_folder_given_says_to_pass_one()
    {
        var (osc, _) = Prepare(complete: true, version: "2.10.0");
        var result = await Train(osc);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("pass --libtorch DIR", result.Error);
    }

    [Fact]
    public async Task An_osc_that_ships_libtorch_refuses_a_second_one_naming_the_build_to_use()
    {
        var (_, libtorch) = Prepare(complete: true, version: "2.10.0");
        var result = await Train(OscProcess.OscDll, "--libtorch", libtorch);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("-p:TorchDevice=none", result.Error);
    }

    private static Task<Osc.Result> Train(string oscDll, params string[] extra) =>
        OscProcess.Dotnet(new Dictionary<string, string>(), Repository.Root,
            [oscDll, "train", "--d-model", "32", "--layers", "1", "--heads", "2", "--context", "16", "--batch", "2",
             "--iterations", "5", "--evaluations", "1", "--corpus", "brown", "--out", Path.Combine(Root, Guid.NewGuid().ToString("N")),
             "--cache", Path.Combine(Path.GetTempPath(), "orleans-scaling-cli-tests", "cache"), .. extra]);

    private static (string OscDll, string LibTorch) Prepare(bool complete, string version) =>
        LibTorchFiles.SplitOscBuild(Path.Combine(Root, Guid.NewGuid().ToString("N")), complete, version);
}
