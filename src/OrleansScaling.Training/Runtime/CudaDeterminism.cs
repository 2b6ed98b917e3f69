using System.Runtime.InteropServices;

namespace OrleansScaling.Training.Runtime;

/// <summary>
/// What libtorch needs, and TorchSharp 0.107 lets us set, for reproducible kernels on CUDA (docs/training.md,
/// "Reproducibility"). cuBLAS picks its matmul reduction order per workspace; with CUBLAS_WORKSPACE_CONFIG=:4096:8 the
/// choice is fixed and its results repeat. cuBLAS reads the variable when it creates its handle (a process's first
/// CUDA matmul), from the C environment, which .NET's Environment.SetEnvironmentVariable does not change on Linux:
/// hence setenv. A value the user set is kept. TorchSharp has no use_deterministic_algorithms, so the kernels that are
/// nondeterministic by design (atomics in the embedding's backward) stay so.
/// </summary>
public static class CudaDeterminism
{
    public const string Variable = "CUBLAS_WORKSPACE_CONFIG";
    public const string Value = ":4096:8";

    public static void Prepare()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null) return;
        setenv(Variable, Value, overwrite: 0);
        Environment.SetEnvironmentVariable(Variable, Value); // what .NET code (and the GPU check's report) reads back
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);
}
