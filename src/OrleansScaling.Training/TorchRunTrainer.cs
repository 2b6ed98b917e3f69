using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Model;
using OrleansScaling.Training.Runtime;
using OrleansScaling.Training.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansScaling.Training;

/// <summary>
/// Trains one run with TorchSharp, read top-down like nanoGPT's train.py: checks → data → model → optimizer →
/// resume → loop (learning rate, step, accounting, evaluation, checkpoint).
/// </summary>
public sealed class TorchRunTrainer : IRunTrainer
{
    public TrainingResult Train(RunSpec spec, TrainingEnvironment environment, string? resumeFrom,
        ITrainingListener? listener, CancellationToken cancellationToken)
    {
        // 1. Checks and runtime: refuse bad specs before touching data or tensors. The intra-op thread count is set on
        //    this (the run's) thread: libtorch applies it per thread, and it is part of the numerics (see docs/training.md).
        RunSpecChecks.Validate(spec);
        TorchRuntime.SetThreads(environment.Threads);
        Device device = TorchRuntime.ParseDevice(environment.Device);
        if (device.type == DeviceType.CUDA) CudaDeterminism.Prepare();
        TorchRuntime.ApplyPrecision(spec.Precision, device);

        // 2. Data: the tokenized corpus, the regime's sampler, the fixed test sample (corpus too small → refused here).
        using RunData data = RunData.Open(spec, environment);

        // 3. Model and optimizer. Every random draw of the run — initial weights, then dropout masks — comes from the
        //    run's own generator, seeded by its spec; nothing reads libtorch's global generator, which every run in a
        //    silo process shares. (Batches and the test sample have their own seeded samplers in RunData.)
        using var random = new Generator((ulong)spec.Seed, torch.CPU);
        using var model = new Gpt(new GptConfig(spec.Shape, spec.Dropout, spec.Precision), random);
        model.to(device);
        using AdamW optimizer = OptimizerStep.CreateOptimizer(model, spec.LearningRate, spec.WeightDecay);

        // 4. Resume: tensors, sampler position, random state and curve exactly as they were.
        var state = new LoopState();
        if (resumeFrom is not null)
        {
            Checkpoint checkpoint = Checkpoint.Read(resumeFrom, model, optimizer, spec);
            checkpoint.RestoreRandomState(random, spec.Seed);
            data.Sampler.Position = checkpoint.SamplerPosition;
            state = LoopState.From(checkpoint);
        }

        var loop = new TrainingLoop(spec, environment, data, model, optimizer, random, device, state, listener);
        loop.Run(cancellationToken);
        return loop.Result();
    }
}
