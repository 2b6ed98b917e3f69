using System.Globalization;
using OrleansScaling.Science.Shapes;
using OrleansScaling.Training.Model;
using OrleansScaling.Training.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The GPU check's smoke test: one forward and backward of a small GPT (d=64, L=2, ctx=32, batch 4, fp32) on the
/// device and on the CPU, from the same weights and tokens; prints the loss on each, the largest logit and gradient
/// differences, the tolerances and whether both hold. TF32 is off (fp32), so differences are summation order only.
/// </summary>
internal static class SmokeTest
{
    public const double LogitTolerance = 1e-3;      // absolute, on logits of size ~1
    public const double GradientTolerance = 1e-3;   // relative to the largest gradient entry

    public static int Run(string deviceName)
    {
        Device device = TorchRuntime.ParseDevice(deviceName);
        TorchRuntime.ApplyPrecision(OrleansScaling.Science.Runs.Precision.Fp32, device);
        var shape = new ModelShape(64, 2, 2, 32, 256);
        using var randomCpu = new Generator(5, CPU);
        using var randomDevice = new Generator(5, CPU);
        using var onCpu = new Gpt(new GptConfig(shape, 0), randomCpu);
        using var onDevice = new Gpt(new GptConfig(shape, 0), randomDevice); // same seed: the same initial weights
        onDevice.to(device);
        using var scope = NewDisposeScope();
        Tensor idx = randint(0, shape.Vocab, [4, shape.Context], dtype: int64, generator: randomCpu);

        (Tensor Logits, double Loss) Pass(Gpt model, Device on)
        {
            Tensor tokens = idx.to(on);
            Tensor logits = model.forward(tokens);
            Tensor loss = Gpt.Loss(logits, tokens);
            loss.backward();
            return (logits.cpu(), loss.item<float>());
        }
        var (cpuLogits, cpuLoss) = Pass(onCpu, CPU);
        var (deviceLogits, deviceLoss) = Pass(onDevice, device);
        double logitDiff = (cpuLogits - deviceLogits).abs().max().item<float>();
        double gradDiff = 0, gradMax = 0;
        foreach (var (a, b) in onCpu.parameters().Zip(onDevice.parameters()))
        {
            gradDiff = Math.Max(gradDiff, (a.grad! - b.grad!.cpu()).abs().max().item<float>());
            gradMax = Math.Max(gradMax, a.grad!.abs().max().item<float>());
        }
        bool pass = logitDiff <= LogitTolerance && gradDiff <= GradientTolerance * gradMax && Math.Abs(cpuLoss - deviceLoss) <= LogitTolerance;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"impl\":\"torchsharp-smoke\",\"device\":\"{deviceName}\",\"cudaAvailable\":{(cuda.is_available() ? "true" : "false")},\"cudaDevices\":{(cuda.is_available() ? cuda.device_count() : 0)},\"cpuLoss\":{cpuLoss:R},\"deviceLoss\":{deviceLoss:R},\"maxLogitDifference\":{logitDiff:R},\"maxGradientDifference\":{gradDiff:R},\"maxGradient\":{gradMax:R},\"logitTolerance\":{LogitTolerance:R},\"gradientToleranceRelative\":{GradientTolerance:R},\"pass\":{(pass ? "true" : "false")}}}"));
        return pass ? 0 : 1;
    }
}
