using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Model;
using OrleansScaling.Training.Runtime;
using OrleansScaling.Training.Training;
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
        // 1. Checks and runtime: refuse bad specs before touching data or tensors.
        RunSpecChecks.Validate(spec);
        TorchRuntime.SetThreads(environment.Threads);
        Device device = TorchRuntime.ParseDevice(environment.Device);

        // 2. Data: the tokenized corpus, the regime's sampler, the fixed test sample (corpus too small → refused here).
        using RunData data = RunData.Open(spec, environment);

        // 3. Model and optimizer, initialised from the run's seed with the run's own generator (other runs in this
        //    process cannot shift it). Dropout draws from libtorch's global generator, seeded here too.
        torch.manual_seed(spec.Seed);
        using var initialization = new Generator((ulong)spec.Seed, torch.CPU);
        using var model = new Gpt(new GptConfig(spec.Shape, spec.Dropout), initialization);
        model.to(device);
        using AdamW optimizer = OptimizerStep.CreateOptimizer(model, spec.LearningRate, spec.WeightDecay);

        // 4. Resume: tensors, sampler position, random state and curve exactly as they were.
        var progress = new RunProgress();
        if (resumeFrom is not null)
        {
            Checkpoint checkpoint = Checkpoint.Read(resumeFrom, model, optimizer, spec);
            checkpoint.RestoreRandomState();
            data.Sampler.Position = checkpoint.SamplerPosition;
            progress = RunProgress.From(checkpoint);
        }

        var loop = new TrainingLoop(spec, environment, data, model, optimizer, device, progress, listener);
        loop.Run(cancellationToken);
        return loop.Result();
    }
}
