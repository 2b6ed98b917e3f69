using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training;

namespace OrleansScaling.Grains.Tests.Infrastructure;

/// <summary>
/// A deterministic stand-in for the engine: one evaluation every Iterations/Evaluations steps with a power-law loss,
/// checkpoints that hold the iteration, exact resume. Runs are told apart by their seed; what each seed does is set
/// by the test: hold after its first checkpoint until cancelled, fail, pace its steps, or go to the real engine.
/// </summary>
public sealed class FakeTrainer : IRunTrainer
{
    private readonly TorchRunTrainer _engine = new();

    /// <summary>Seeds whose runs the real TorchSharp engine trains.</summary>
    public ConcurrentDictionary<int, bool> RealEngine { get; } = new();

    private readonly ConcurrentDictionary<int, TaskCompletionSource> _held = new();

    public ConcurrentDictionary<int, bool> Failing { get; } = new();

    /// <summary>Seeds whose runs diverge (as the engine does: points up to there, then TrainingDivergedException) at the iteration given.</summary>
    public ConcurrentDictionary<int, long> DivergingAt { get; } = new();

    /// <summary>Seeds whose evaluation points carry a NaN train loss and ∞ tokens/s (values that must cross the wire and reach storage).</summary>
    public ConcurrentDictionary<int, bool> NonFinitePoints { get; } = new();

    /// <summary>Seeds whose test loss sits this many nats above the power law (a run off the compute frontier).</summary>
    public ConcurrentDictionary<int, double> LossOffset { get; } = new();

    /// <summary>How many times the engine was started for each seed.</summary>
    public ConcurrentDictionary<int, int> Starts { get; } = new();

    /// <summary>Seeds whose runs wait, before their first step, until the test completes the gate.</summary>
    public ConcurrentDictionary<int, TaskCompletionSource> Gates { get; } = new();
    public ConcurrentDictionary<int, bool> Holding { get; } = new();
    public ConcurrentDictionary<int, TimeSpan> StepPause { get; } = new();
    public ConcurrentDictionary<int, string> DeviceUsed { get; } = new();

    /// <summary>Holding seeds whose hold ends when the test completes this (not only when cancelled): the run then finishes.</summary>
    public ConcurrentDictionary<int, TaskCompletionSource> Releases { get; } = new();

    /// <summary>The runs training on a CUDA device now (one process: every silo of the test cluster), by seed.</summary>
    private readonly Dictionary<int, Precision> _onGpu = [];

    /// <summary>Each time a run started on a CUDA device while one of another matmul mode trained there (what placement forbids).</summary>
    public ConcurrentQueue<string> MixedMatmulModes { get; } = new();

    /// <summary>When each (seed, iteration) point was handed to the listener (Stopwatch timestamps).</summary>
    public ConcurrentDictionary<(int Seed, long Iteration), long> EmittedAt { get; } = new();

    /// <summary>Completes when the run with <paramref name="seed"/> holds (after its first checkpoint).</summary>
    public Task Held(int seed) => _held.GetOrAdd(seed, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static double LossAt(long iteration) => 6.0 * Math.Pow(iteration, -0.3);

    public TrainingResult Train(RunSpec spec, TrainingEnvironment environment, string? resumeFrom,
        ITrainingListener? listener, CancellationToken cancellationToken)
    {
        if (!environment.Device.StartsWith("cuda", StringComparison.Ordinal)) return TrainOnDevice(spec, environment, resumeFrom, listener, cancellationToken);
        lock (_onGpu)
        {
            foreach (var (seed, precision) in _onGpu.Where(r => r.Value.MatmulMode() != spec.Precision.MatmulMode()))
                MixedMatmulModes.Enqueue($"seed {spec.Seed} ({spec.Precision}) started beside seed {seed} ({precision})");
            _onGpu[spec.Seed] = spec.Precision;
        }
        try
        {
            return TrainOnDevice(spec, environment, resumeFrom, listener, cancellationToken);
        }
        finally
        {
            lock (_onGpu) _onGpu.Remove(spec.Seed);
        }
    }

    private TrainingResult TrainOnDevice(RunSpec spec, TrainingEnvironment environment, string? resumeFrom,
        ITrainingListener? listener, CancellationToken cancellationToken)
    {
        DeviceUsed[spec.Seed] = environment.Device;
        Starts.AddOrUpdate(spec.Seed, 1, (_, n) => n + 1);
        if (Gates.TryGetValue(spec.Seed, out var gate)) gate.Task.Wait(cancellationToken);
        if (RealEngine.ContainsKey(spec.Seed)) return _engine.Train(spec, environment, resumeFrom, listener, cancellationToken);
        if (Failing.ContainsKey(spec.Seed)) throw new InvalidOperationException($"fake failure of seed {spec.Seed}");
        Directory.CreateDirectory(environment.CheckpointDirectory);
        var iteration = resumeFrom is null ? 0 : long.Parse(File.ReadAllText(resumeFrom));
        var evaluateEvery = Math.Max(1, spec.Iterations / spec.Evaluations);
        var curve = new List<CurvePoint>();
        while (iteration < spec.Iterations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Checkpoint(iteration, environment, listener);
                throw new OperationCanceledException(cancellationToken);
            }
            if (StepPause.TryGetValue(spec.Seed, out var pause)) cancellationToken.WaitHandle.WaitOne(pause);
            iteration++;
            var counters = new TrainingCounters(iteration, iteration * spec.TokensPerIteration, iteration * spec.TokensPerIteration, iteration, 1000);
            if (DivergingAt.TryGetValue(spec.Seed, out var divergeAt) && iteration == divergeAt)
            {
                listener?.OnProgress(counters);
                throw new TrainingDivergedException(iteration, double.PositiveInfinity,
                    new TrainingResult(spec, spec.Shape.Parameters, 0, curve, counters, double.NaN, double.NaN));
            }
            if (iteration % evaluateEvery == 0)
            {
                var nonFinite = NonFinitePoints.ContainsKey(spec.Seed);
                var point = new CurvePoint(iteration, counters.TokensSeen, 6.0 * counters.TokensSeen, nonFinite ? double.NaN : LossAt(iteration) + 0.1,
                    LossAt(iteration) + LossOffset.GetValueOrDefault(spec.Seed), spec.LearningRate, iteration, nonFinite ? double.PositiveInfinity : 1000);
                curve.Add(point);
                EmittedAt[(spec.Seed, iteration)] = Stopwatch.GetTimestamp();
                listener?.OnEvaluation(point, counters);
            }
            listener?.OnProgress(counters);
            if (iteration % spec.CheckpointEvery == 0)
            {
                Checkpoint(iteration, environment, listener);
                if (resumeFrom is null && Holding.ContainsKey(spec.Seed))
                {
                    Held(spec.Seed);
                    _held[spec.Seed].TrySetResult();
                    if (Releases.TryGetValue(spec.Seed, out var release))
                        WaitHandle.WaitAny([((IAsyncResult)release.Task).AsyncWaitHandle, cancellationToken.WaitHandle]);
                    else cancellationToken.WaitHandle.WaitOne();
                }
            }
        }
        var final = curve.Count > 0 ? curve[^1].TestLoss : LossAt(iteration);
        return new TrainingResult(spec, spec.Shape.Parameters, 0, curve,
            new TrainingCounters(iteration, iteration * spec.TokensPerIteration, iteration * spec.TokensPerIteration, iteration, 1000), final, final);
    }

    private static void Checkpoint(long iteration, TrainingEnvironment environment, ITrainingListener? listener)
    {
        var path = Path.Combine(environment.CheckpointDirectory, "checkpoint.txt");
        File.WriteAllText(path, iteration.ToString());
        listener?.OnCheckpoint(iteration, path);
    }
}
