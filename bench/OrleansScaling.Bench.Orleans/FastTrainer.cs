using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Training;

namespace OrleansScaling.Bench.Orleans;

/// <summary>
/// Stands in for the engine so the benchmark measures orchestration only: a run is Iterations steps of a fixed
/// wall-clock length (no CPU used), with evaluation points as the real engine spaces them. It timestamps each run's
/// first step and each recorded point on the benchmark's clock.
/// </summary>
public sealed class FastTrainer : IRunTrainer
{
    private readonly ConcurrentDictionary<string, long> _pointRecordedAt = new();
    private long _busyTicks;

    /// <summary>Wall-clock length of one step.</summary>
    public TimeSpan StepDuration { get; set; }

    /// <summary>Raised on the training thread at a run's first step, with the run's spec.</summary>
    public event Action<RunSpec>? FirstStep;

    /// <summary>Total time slots spent inside Train (the work a perfect scheduler would still have to do).</summary>
    public TimeSpan BusyTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    public static string PointKey(RunSpec spec, long iteration) => $"{spec.Seed}/{spec.Epochs}/{spec.Shape.DModel}/{iteration}";

    /// <summary>When the point was recorded (Stopwatch timestamp), or null for a point this process did not train.</summary>
    public long? RecordedAt(string pointKey) => _pointRecordedAt.TryGetValue(pointKey, out var at) ? at : null;

    public TrainingResult Train(RunSpec spec, TrainingEnvironment environment, string? resumeFrom,
        ITrainingListener? listener, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var evaluateEvery = Math.Max(1, spec.Iterations / Math.Max(1, spec.Evaluations));
        var curve = new List<CurvePoint>();
        TrainingCounters counters = new(0, 0, 0, 0, 0);
        for (var iteration = 1; iteration <= spec.Iterations; iteration++)
        {
            if (iteration == 1) FirstStep?.Invoke(spec);
            // Sleep to the step's planned end rather than a fixed amount, so long runs do not drift.
            var due = TimeSpan.FromTicks(StepDuration.Ticks * iteration) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(due)) cancellationToken.ThrowIfCancellationRequested();
            var tokens = iteration * spec.TokensPerIteration;
            counters = new TrainingCounters(iteration, tokens, tokens / spec.Epochs, Stopwatch.GetElapsedTime(started).TotalSeconds, 0);
            if (iteration % evaluateEvery == 0 || iteration == spec.Iterations)
            {
                var point = new CurvePoint(iteration, tokens, 0, 5.0 / iteration, 5.0 / iteration, spec.LearningRate, counters.WallSeconds, 0);
                _pointRecordedAt[PointKey(spec, iteration)] = Stopwatch.GetTimestamp();
                curve.Add(point);
                listener?.OnEvaluation(point, counters);
            }
            listener?.OnProgress(counters);
        }
        Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started);
        var last = curve[^1].TestLoss;
        return new TrainingResult(spec, spec.Shape.Parameters, spec.Shape.FlopsPerToken, curve, counters, last, last);
    }
}
