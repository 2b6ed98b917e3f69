using OrleansScaling.Training.Runtime;
using TorchSharp;

namespace OrleansScaling.Training.Tests;

/// <summary>Reading a libtorch folder's version (the loading itself is tested with osc in the CLI tests).</summary>
public class LibTorchTests
{
    [Fact]
    public void A_pytorch_installs_version_and_cuda_are_read_from_torch_version_py()
    {
        string torch = Path.Combine(TestData.NewTemporaryDirectory(), "torch");
        Directory.CreateDirectory(Path.Combine(torch, "lib"));
        File.WriteAllText(Path.Combine(torch, "version.py"), """
            from typing import Optional

            __all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip', 'xpu']
            __version__ = '2.11.0+cu130'
            debug = False
            cuda: Optional[str] = '13.0'
            hip: Optional[str] = None
            """);

        var (version, cuda) = LibTorch.ReadVersion(Path.Combine(torch, "lib") + "/");
        Assert.Equal(("2.11.0+cu130", "13.0"), (version, cuda));
        var info = new LibTorchInfo(Path.Combine(torch, "lib"), version, cuda, []);
        Assert.False(info.MatchesTorchSharp);
        Assert.Contains("DIFFERS from libtorch 2.10.0", info.Describe());
        Assert.Contains("install PyTorch 2.10.0", info.Describe());
    }

    [Fact]
    public void A_libtorch_downloads_build_version_is_read_and_a_folder_without_one_is_unknown()
    {
        string root = TestData.NewTemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(root, "libtorch", "lib"));
        File.WriteAllText(Path.Combine(root, "libtorch", "build-version"), "2.10.0+cpu\n");
        Assert.Equal(("2.10.0+cpu", null), LibTorch.ReadVersion(Path.Combine(root, "libtorch", "lib")));
        Assert.True(new LibTorchInfo("x", "2.10.0+cpu", null, []).MatchesTorchSharp);
        Assert.Equal((null, null), LibTorch.ReadVersion(root));
    }

    [Fact]
    public void The_version_this_code_expects_is_the_one_TorchSharp_reports()
    {
        Assert.Equal(LibTorch.TorchSharpLibTorchVersion, torch.NormalizeNuGetVersion(torch.__version__));
        Assert.Equal(LibTorch.TorchSharpVersion, typeof(torch).Assembly.GetName().Version!.ToString(3));
    }

    [Fact]
    public void A_missing_folder_is_bad_input_naming_how_to_find_pytorchs()
    {
        var error = Assert.Throws<LibTorchLoadException>(() => LibTorch.UseDirectory("/nonexistent/torch/lib"));
        Assert.True(error.NotALibTorchFolder);
        Assert.Contains("torch.__file__", error.Message);
    }
}
