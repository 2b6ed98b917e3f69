namespace OrleansScaling.Science.Runs;

/// <summary>
/// The process-wide CUDA matmul switch a run needs (libtorch's allow_tf32, set once per process by
/// TorchRuntime.ApplyPrecision): on for Tf32, off for Fp32 and Bf16. Bf16's own matrix products are bfloat16 (explicit
/// casts), which the switch does not touch, but each Bf16 attempt turns the switch off when it starts, which would turn
/// a Tf32 neighbour's products into float32 ones; so Bf16 shares Fp32's mode. GPU runs of one silo train at once only
/// when their modes agree (docs/orchestration.md, "Placement").
/// </summary>
public enum MatmulMode { Ieee32, Tf32 }

public static class MatmulModes
{
    /// <summary>Whether the run needs TF32 on (Tf32) or off (Fp32, Bf16).</summary>
    public static MatmulMode MatmulMode(this Precision precision) =>
        precision == Precision.Tf32 ? Runs.MatmulMode.Tf32 : Runs.MatmulMode.Ieee32;

    /// <summary>Whether runs of these precisions may train at once in one process on CUDA.</summary>
    public static bool SharesMatmulMode(this Precision precision, Precision other) => precision.MatmulMode() == other.MatmulMode();
}
