using Orleans.Concurrency;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis.Forecasts;

namespace OrleansScaling.Grains.Runs;

/// <summary>What the run grain answers a worker's report: go on, stop early (end the attempt StoppedEarly after a
/// final flush), or the attempt is no longer the run's open one (the lease is lost: drop it).</summary>
public enum ReportAnswer { Continue, StopEarly, LeaseLost }

/// <summary>The run grain's face for its experiment's early stopping (silo-internal).</summary>
public interface IRunStoppingGrain : IGrainWithStringKey
{
    /// <summary>
    /// Asks the run to stop early for <paramref name="reason"/> (one line, from the policy), keeping
    /// <paramref name="forecast"/> as its final-loss forecast. A running run stops at its worker's next report; a queued
    /// one stops at once; a finished one, or one already asked, is left as it is. One-way: the experiment never waits.
    /// </summary>
    [OneWay]
    Task StopEarly(string reason, RunForecast? forecast);
}

// Early stopping (issue 20): the experiment decides, this grain records the request and tells the worker holding the
// lease at its next report; the worker stops the engine, flushes the last points and ends the attempt StoppedEarly.
// The run keeps its curve and its forecast (shown in its view after it stopped) and is never retried.
public sealed partial class TrainingRunGrain : IRunStoppingGrain
{
    async Task IRunStoppingGrain.StopEarly(string reason, RunForecast? forecast)
    {
        if (!State.Exists || State.IsFinished || State.StopRequested is not null) return;
        await Write(State with { StopRequested = reason, StoppedForecast = forecast ?? _forecast });
        // Not leased now (queued, or between attempts): nothing is training it, so it ends here.
        if (State.Status == RunStatus.Queued)
        {
            await EndStoppedEarly(reason);
            await Scheduler.Remove(RunId);
            await Publish([], statusChanged: true);
        }
    }

    /// <summary>The answer to an open attempt's report: stop when early stopping asked for it.</summary>
    private ReportAnswer OpenAttemptAnswer() => State.StopRequested is null ? ReportAnswer.Continue : ReportAnswer.StopEarly;

    /// <summary>Ends the run StoppedEarly at its last recorded iteration, closing an open attempt; the curve stays.</summary>
    private Task EndStoppedEarly(string? reason = null, RunProgress? progress = null)
    {
        reason ??= State.StopRequested ?? "stopped early";
        var iteration = Math.Max(State.LastRecordedIteration, (progress ?? State.Progress).Iteration);
        return EndStopped(RunStatus.StoppedEarly, $"stopped early at iteration {iteration}: {reason}", progress ?? State.Progress);
    }

    /// <summary>An attempt begins for a run that was asked to stop meanwhile (its previous attempt was lost): it ends instead.</summary>
    private async Task<bool> StoppedBeforeAttempt()
    {
        if (State.StopRequested is null || State.IsFinished) return false;
        await EndStoppedEarly();
        await Publish([], statusChanged: true);
        return true;
    }
}
