using System.Diagnostics;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Training;

/// <summary>The iterations of one attempt at a run: step, accounting, evaluation, checkpoints, progress.</summary>
internal sealed class TrainingLoop(RunSpec spec, TrainingEnvironment environment, RunData data, Gpt model, AdamW optimizer,
    Generator random, Device device, RunProgress progress, ITrainingListener? listener)
{
    /// <summary>How often <see cref="ITrainingListener.OnProgress"/> is called at most.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly Stopwatch attempt = Stopwatch.StartNew();
    private readonly long iterationAtStart = progress.Iteration;
    private readonly SortedSet<long> evaluationIterations = Schedules.EvaluationIterations(spec.Iterations, spec.Evaluations);
    private readonly string specJson = Checkpoint.SpecToJson(spec);
    private readonly List<string> checkpoints = [];
    // "Exploding": a loss far above uniform guessing (ln V nats), which no healthy run reaches again after step 1.
    private readonly double divergenceLimit = 3 * Math.Log(spec.Shape.Vocab);
    private TimeSpan lastProgress;

    private double WallSeconds => progress.WallSecondsBefore + attempt.Elapsed.TotalSeconds;

    public void Run(CancellationToken cancellationToken)
    {
        model.train();
        long[] windows = new long[spec.BatchSize];
        while (progress.Iteration < spec.Iterations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                WriteCheckpoint();
                cancellationToken.ThrowIfCancellationRequested();
            }
            // 1. Learning rate for this iteration (warmup, then constant or cosine to the planned horizon).
            double learningRate = Schedules.LearningRate(spec, progress.Iteration);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;

            // 2. One optimizer step on B windows from the regime's sampler.
            for (int b = 0; b < windows.Length; b++) windows[b] = data.Sampler.Next();
            double loss = Step(windows);
            progress.Iteration++;
            if (!double.IsFinite(loss) || loss > divergenceLimit)
                throw new TrainingDivergedException(progress.Iteration, loss);
            progress.TrainLossSum += loss;
            progress.TrainLossCount++;

            // 3. Evaluate at the linear + logarithmic points; checkpoint every k iterations and at the end.
            if (evaluationIterations.Contains(progress.Iteration)) Evaluate(learningRate);
            if (progress.Iteration % spec.CheckpointEvery == 0 || progress.Iteration == spec.Iterations) WriteCheckpoint();
            if (attempt.Elapsed - lastProgress >= ProgressInterval || progress.Iteration == spec.Iterations)
            {
                lastProgress = attempt.Elapsed;
                listener?.OnProgress(Counters());
            }
        }
    }

    public TrainingResult Result() => new(spec, spec.Shape.Parameters, spec.Shape.FlopsPerToken, progress.Curve.ToArray(), Counters(),
        progress.Curve.Count > 0 ? progress.Curve[^1].TestLoss : double.NaN,
        progress.Curve.Count > 0 ? progress.Curve.Min(p => p.TestLoss) : double.NaN);

    private double Step(long[] windows)
    {
        using var scope = NewDisposeScope();
        var (inputs, targets) = data.Train.Batch(windows, device);
        return OptimizerStep.Run(model, optimizer, inputs, targets, spec.GradientClip);
    }

    private void Evaluate(double learningRate)
    {
        double testLoss = data.HeldOut.Loss(model, device);
        long tokens = progress.Iteration * spec.TokensPerIteration;
        double wall = WallSeconds;
        double recentSeconds = wall - progress.LastEvaluationWallSeconds;
        long recentTokens = (progress.Iteration - progress.LastEvaluationIteration) * spec.TokensPerIteration;
        var point = new CurvePoint(progress.Iteration, tokens, tokens * spec.Shape.FlopsPerToken,
            progress.TrainLossSum / progress.TrainLossCount, testLoss, learningRate, wall,
            recentSeconds > 0 ? recentTokens / recentSeconds : 0);
        progress.Curve.Add(point);
        progress.TrainLossSum = 0;
        progress.TrainLossCount = 0;
        progress.LastEvaluationIteration = progress.Iteration;
        progress.LastEvaluationWallSeconds = wall;
        listener?.OnEvaluation(point, Counters());
    }

    // One file per checkpoint; the previous one is kept until a newer one is written, older ones are removed.
    private void WriteCheckpoint()
    {
        string path = Path.Combine(environment.CheckpointDirectory, $"checkpoint-{progress.Iteration:D9}.ckpt");
        progress.ToCheckpoint(specJson, data.Sampler.Position, WallSeconds, random).Write(path, model, optimizer);
        listener?.OnCheckpoint(progress.Iteration, path);
        if (!checkpoints.Contains(path)) checkpoints.Add(path);
        while (checkpoints.Count > 2)
        {
            File.Delete(checkpoints[0]);
            checkpoints.RemoveAt(0);
        }
    }

    private TrainingCounters Counters()
    {
        long tokensThisAttempt = (progress.Iteration - iterationAtStart) * spec.TokensPerIteration;
        double seconds = attempt.Elapsed.TotalSeconds;
        return new TrainingCounters(progress.Iteration,
            data.Sampler.Position * spec.Shape.Context,
            data.Sampler.UniqueDrawn * spec.Shape.Context,
            WallSeconds,
            seconds > 0 ? tokensThisAttempt / seconds : 0);
    }
}
