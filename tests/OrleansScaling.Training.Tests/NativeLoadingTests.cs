using OrleansScaling.Training.Runtime;
using TorchSharp;

namespace OrleansScaling.Training.Tests;

public class NativeLoadingTests
{
    [Fact]
    public void Creating_a_tensor_loads_the_native_library_and_computes()
    {
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        using var sum = a.sum();
        Assert.Equal(15f, sum.item<float>());
    }

    [Fact]
    public void Threads_are_set_to_what_the_run_asks()
    {
        TorchRuntime.SetThreads(1);
        Assert.Equal(1, torch.get_num_threads());
    }

    [Fact]
    public void Unknown_device_is_refused_with_the_accepted_forms()
    {
        var error = Assert.Throws<ArgumentException>(() => TorchRuntime.ParseDevice("gpu0"));
        Assert.Contains("cuda:N", error.Message);
    }

    [Fact]
    public void Cuda_device_without_cuda_is_refused_naming_the_gpu_build()
    {
        if (torch.cuda.is_available()) return; // a GPU build on a GPU machine accepts it
        var error = Assert.Throws<ArgumentException>(() => TorchRuntime.ParseDevice("cuda:0"));
        Assert.Contains("-p:TorchDevice=cuda", error.Message);
    }
}
