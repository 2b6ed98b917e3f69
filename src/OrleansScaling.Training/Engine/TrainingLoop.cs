using System.Diagnostics;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Engine;

/// <summary>The iterations of one attempt at a run: step, accounting, evaluation, checkpoints, progress.</summary>
internal sealed class TrainingLoop(RunSpec spec, TrainingEnvironment environment, RunData data, Gpt model, AdamW optimizer,
    Generator random, Device device, LoopState state, ITrainingListener? listener)
{
    /// <summary>How often <see cref="ITrainingListener.OnProgress"/> is called at most.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly Stopwatch attempt = Stopwatch.StartNew();
    private readonly long iterationAtStart = state.Iteration;
    private readonly SortedSet<long> evaluationIterations = Schedules.EvaluationIterations(spec.Iterations, spec.Evaluations);
    private readonly string specJson = Checkpoint.SpecToJson(spec);
    private readonly List<string> checkpoints = [];
    private readonly HashSet<long> checkpointAt = [.. environment.CheckpointAt ?? []];
    private TimeSpan lastProgress;
    // The sampler's accounting as of the last batch stepped on (the prefetcher draws ahead of it).
    private long samplerPosition = data.Sampler.Position, uniqueDrawn = data.Sampler.UniqueDrawn;

    private double WallSeconds => state.WallSecondsBefore + attempt.Elapsed.TotalSeconds;

    public void Run(CancellationToken cancellationToken)
    {
        model.train();
        // Batches are assembled on their own thread, a few ahead (pinned host memory when the device is a GPU).
        using var batches = new BatchPrefetcher(data.Train, data.Sampler, spec.BatchSize, spec.Iterations - state.Iteration,
            pinned: device.type == DeviceType.CUDA);
        while (state.Iteration < spec.Iterations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                WriteCheckpoint();
                cancellationToken.ThrowIfCancellationRequested();
            }
            // 1. Learning rate for this iteration (warmup, then constant or cosine to the planned horizon).
            double learningRate = LearningRateSchedules.LearningRate(spec, state.Iteration);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;

            // 2. One optimizer step on B windows from the regime's sampler.
            double loss;
            using (HostBatch batch = batches.Next())
            {
                loss = Step(batch);
                samplerPosition = batch.SamplerPosition;
                uniqueDrawn = batch.UniqueDrawn;
            }
            state.Iteration++;
            // Science's one rule (Divergence): NaN, ±∞ or above 3 · ln V ends the run here, its curve kept.
            if (Divergence.IsDiverged(loss, spec.Shape.Vocab)) Diverged(loss);
            state.TrainLossSum += loss;
            state.TrainLossCount++;

            // 3. Evaluate at the linear + logarithmic points; checkpoint every k iterations, at the end and at the fork
            //    points the host asked for (a trunk's, where its cooldown branches start).
            if (evaluationIterations.Contains(state.Iteration)) Evaluate(learningRate);
            if (state.Iteration % spec.CheckpointEvery == 0 || state.Iteration == spec.Iterations || checkpointAt.Contains(state.Iteration))
                WriteCheckpoint();
            if (attempt.Elapsed - lastProgress >= ProgressInterval || state.Iteration == spec.Iterations)
            {
                lastProgress = attempt.Elapsed;
                listener?.OnProgress(Counters());
            }
        }
    }

    public TrainingResult Result() => new(spec, spec.Shape.Parameters, spec.Shape.FlopsPerToken, state.Curve.ToArray(), Counters(),
        state.Curve.Count > 0 ? state.Curve[^1].TestLoss : double.NaN,
        state.Curve.Count > 0 ? state.Curve.Min(p => p.TestLoss) : double.NaN);

    /// <summary>Ends the run at this iteration with what it produced so far (no point carries the diverged loss).</summary>
    private void Diverged(double loss)
    {
        listener?.OnProgress(Counters());
        throw new TrainingDivergedException(state.Iteration, loss, Result());
    }

    private double Step(HostBatch batch)
    {
        using var scope = NewDisposeScope();
        Tensor inputs = batch.Inputs, targets = batch.Targets;
        if (device.type != DeviceType.CPU)
        {
            // From pinned memory the copy is queued on the device's stream and the host goes on at once; the stream
            // orders it before the step's kernels. The host tensors may be freed right after: libtorch's pinned
            // allocator keeps their memory until the copy has run.
            inputs = inputs.to(device, non_blocking: true);
            targets = targets.to(device, non_blocking: true);
        }
        return OptimizerStep.Run(model, optimizer, inputs, targets, spec.GradientClip);
    }

    private void Evaluate(double learningRate)
    {
        double testLoss = data.HeldOut.Loss(model, device);
        if (Divergence.IsDiverged(testLoss, spec.Shape.Vocab)) Diverged(testLoss);
        long tokens = state.Iteration * spec.TokensPerIteration;
        double wall = WallSeconds;
        double recentSeconds = wall - state.LastEvaluationWallSeconds;
        long recentTokens = (state.Iteration - state.LastEvaluationIteration) * spec.TokensPerIteration;
        var point = new CurvePoint(state.Iteration, tokens, tokens * spec.Shape.FlopsPerToken,
            state.TrainLossSum / state.TrainLossCount, testLoss, learningRate, wall,
            recentSeconds > 0 ? recentTokens / recentSeconds : 0);
        state.Curve.Add(point);
        state.TrainLossSum = 0;
        state.TrainLossCount = 0;
        state.LastEvaluationIteration = state.Iteration;
        state.LastEvaluationWallSeconds = wall;
        listener?.OnEvaluation(point, Counters());
    }

    // One file per checkpoint; the previous one is kept until a newer one is written, older ones are removed.
    private void WriteCheckpoint()
    {
        string path = Path.Combine(environment.CheckpointDirectory, $"checkpoint-{state.Iteration:D9}.ckpt");
        state.ToCheckpoint(specJson, samplerPosition, WallSeconds, random).Write(path, model, optimizer);
        listener?.OnCheckpoint(state.Iteration, path);
        if (!checkpoints.Contains(path)) checkpoints.Add(path);
        while (checkpoints.Count > 2)
        {
            File.Delete(checkpoints[0]);
            checkpoints.RemoveAt(0);
        }
    }

    private TrainingCounters Counters()
    {
        long tokensThisAttempt = (state.Iteration - iterationAtStart) * spec.TokensPerIteration;
        double seconds = attempt.Elapsed.TotalSeconds;
        return new TrainingCounters(state.Iteration,
            samplerPosition * spec.Shape.Context,
            uniqueDrawn * spec.Shape.Context,
            WallSeconds,
            seconds > 0 ? tokensThisAttempt / seconds : 0);
    }
}
