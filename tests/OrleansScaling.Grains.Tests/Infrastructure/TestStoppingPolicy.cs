using System.Collections.Concurrent;
using OrleansScaling.Grains.Experiments;
using OrleansScaling.Science.Analysis.Stopping;

namespace OrleansScaling.Grains.Tests.Infrastructure;

/// <summary>
/// A stand-in for Science's early-stopping rule, for the seeds a test names: such a run is stopped once its curve has
/// reached the sweep's minFraction of its iterations and it has a forecast, with <see cref="Reason"/>. Sweeps without a
/// named seed get the real rule (<see cref="EarlyStopping.Decide"/>). It records the settings each decision was asked with.
/// </summary>
public sealed class TestStoppingPolicy : IEarlyStoppingPolicy
{
    public const string Reason = "test rule: its forecast lies above the budget's best";

    /// <summary>Seeds whose runs this fake stops.</summary>
    public ConcurrentDictionary<int, bool> Stopping { get; } = new();

    /// <summary>The settings of every decision asked for a sweep with a named seed.</summary>
    public ConcurrentQueue<EarlyStoppingSettings> Asked { get; } = new();

    public IReadOnlyList<StopDecision> Decide(IReadOnlyList<RunSoFar> runs, EarlyStoppingSettings settings)
    {
        if (!runs.Any(r => Stopping.ContainsKey(r.Spec.Seed))) return EarlyStopping.Decide(runs, settings);
        Asked.Enqueue(settings);
        return runs
            .Where(r => !r.Finished && Stopping.ContainsKey(r.Spec.Seed) && r.Forecast is not null
                        && r.Curve.Count > 0 && r.Curve[^1].Iteration >= settings.MinFraction * r.Spec.Iterations)
            .Select(r => new StopDecision(r.Key, Reason, r.Forecast))
            .ToList();
    }
}
