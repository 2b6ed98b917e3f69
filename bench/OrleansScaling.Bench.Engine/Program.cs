using System.Diagnostics;
using System.Globalization;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;
using OrleansScaling.Training.Model;
using OrleansScaling.Training.Runtime;
using OrleansScaling.Training.Engine;
using TorchSharp;
using static TorchSharp.torch;

// Measures the engine's training step (forward, backward, clip, AdamW) on random tokens, the same work
// bench/engine/reference_gpt.py does in PyTorch. One configuration per process, so peak RSS is that configuration's.
// Also times forward alone and forward + backward, so a gap between the engines can be placed in a phase.
// Usage: bench-engine D_MODEL LAYERS HEADS CONTEXT BATCH [STEPS=15] [THREADS=1] [WARMUP=3]
//                     [--device cpu|cuda:N] [--precision fp32|tf32|bf16] [--libtorch DIR]
// Prints one JSON line: {"impl":"torchsharp",...,"tokensPerSecond":...,"peakRssMiB":...}
// `bench-engine data ...` measures the data path alone (DataPathBench.cs); `bench-engine smoke --device D` compares
// a forward and backward on D with the CPU (SmokeTest.cs); `bench-engine concurrent cuda:0,cuda:1 CORPUS` trains one
// run per device at once in this process, as a silo's GPU slots do (ConcurrentRuns.cs). --libtorch loads libtorch from DIR first (a build without one).
var options = BenchOptions.Parse(args);
if (options.LibTorch is { } libTorchDirectory)
{
    try { Console.Error.WriteLine(LibTorch.UseDirectory(libTorchDirectory).Describe()); }
    catch (LibTorchLoadException e) { Console.Error.WriteLine($"libtorch: {e.Message}"); return 3; }
}
if (options.Positional.FirstOrDefault() == "data") return DataPathBench.Run(options.Positional[1..]);
if (options.Positional.FirstOrDefault() == "smoke") return SmokeTest.Run(options.Device);
if (options.Positional.FirstOrDefault() == "concurrent") return ConcurrentRuns.Run(options.Positional[1..]);
int[] a = options.Positional.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
if (a.Length < 5)
{
    Console.Error.WriteLine("usage: bench-engine D_MODEL LAYERS HEADS CONTEXT BATCH [STEPS=15] [THREADS=1] [WARMUP=3] [--device D] [--precision P] [--libtorch DIR]");
    return 2;
}
var shape = new ModelShape(a[0], a[1], a[2], a[3], Vocab: 256);
int batch = a[4], steps = a.Length > 5 ? a[5] : 15, threads = a.Length > 6 ? a[6] : 1, warmup = a.Length > 7 ? a[7] : 3;

TorchRuntime.SetThreads(threads);
Device device = TorchRuntime.ParseDevice(options.Device);
TorchRuntime.ApplyPrecision(options.Precision, device);
torch.manual_seed(1); // the random batch below
using var random = new torch.Generator(1, torch.CPU);
using var model = new Gpt(new GptConfig(shape, Dropout: 0, options.Precision), random);
model.to(device);
using var optimizer = OptimizerStep.CreateOptimizer(model, learningRate: 1e-3, weightDecay: 0);
model.train();
using Tensor data = torch.randint(0, shape.Vocab, [batch, shape.Context + 1], dtype: int64);
using Tensor inputs = data[.., ..shape.Context].contiguous().to(device), targets = data[.., 1..].contiguous().to(device);

double loss = 0;
for (int i = 0; i < warmup; i++) loss = OptimizerStep.Run(model, optimizer, inputs, targets, gradientClip: 1.0);
TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
for (int i = 0; i < steps; i++) loss = OptimizerStep.Run(model, optimizer, inputs, targets, gradientClip: 1.0);
double seconds = clock.Elapsed.TotalSeconds;
// CPU seconds per wall second while timing: about 1.0 when the step really ran on one core.
double coresUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / seconds;

double forward = Timed(() =>
{
    using var scope = NewDisposeScope();
    using var _ = no_grad();
    Gpt.Loss(model.forward(inputs), targets).item<float>();
});
double forwardBackward = Timed(() =>
{
    using var scope = NewDisposeScope();
    Tensor l = Gpt.Loss(model.forward(inputs), targets);
    l.backward();
    model.zero_grad();
    if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
});

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"impl\":\"torchsharp\",\"device\":\"{options.Device}\",\"precision\":\"{options.Precision.ToString().ToLowerInvariant()}\",\"dModel\":{shape.DModel},\"layers\":{shape.Layers},\"heads\":{shape.Heads},\"context\":{shape.Context},\"batch\":{batch},\"threads\":{torch.get_num_threads()},\"steps\":{steps},\"params\":{model.ParameterCount},\"secondsPerStep\":{seconds / steps:F4},\"forwardSeconds\":{forward:F4},\"forwardBackwardSeconds\":{forwardBackward:F4},\"tokensPerSecond\":{(double)steps * batch * shape.Context / seconds:F0},\"coresUsed\":{coresUsed:F2},\"peakRssMiB\":{PeakRssMiB():F0},\"loss\":{loss:F4}}}"));
return 0;

// Mean seconds of `steps` calls after one warm-up call.
double Timed(Action action)
{
    action();
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < steps; i++) action();
    return watch.Elapsed.TotalSeconds / steps;
}

// VmHWM: the process's peak resident set size, in kB in /proc/self/status.
static double PeakRssMiB() =>
    double.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
