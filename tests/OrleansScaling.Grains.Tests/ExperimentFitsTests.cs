using OrleansScaling.Contracts;
using OrleansScaling.Grains.Experiments;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ExperimentFitsTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Seven one-epoch runs at seven budgets (so the parametric fits are called for); two fail, and each is retried
    /// and finishes: the first while the experiment's fits are computed (held before they start), the second while
    /// they are written (the write held on its way to storage).
    /// </summary>
    [Fact]
    public async Task A_retry_and_a_finished_run_during_the_fits_never_put_two_state_writes_in_flight_and_the_newest_runs_win()
    {
        var experimentId = TestRuns.NewExperimentId();
        var writes = fixture.Writes.Watch(experimentId);
        var fits = fixture.Fits.Hold(experimentId, count: 2);
        int[] iterations = [200, 260, 340, 440, 570, 740, 960];
        var seeds = iterations.Select(_ => TestRuns.NewSeed()).ToList();
        var (retriedFirst, retriedSecond) = (seeds[5], seeds[6]);
        fixture.Trainer.Failing[retriedFirst] = true;
        fixture.Trainer.Failing[retriedSecond] = true;
        var (_, runIds) = await TestRuns.Create(fixture.Grains, experimentId, DeviceRequirement.Any,
            seeds.Select((seed, i) => TestRuns.Spec(seed, iterations[i])).ToArray());
        var (firstRun, secondRun) = (runIds[5], runIds[6]);

        // Every run has finished, five succeeded: the analyses wait for the fits, which wait at the gate.
        await fits.Arrived(1).WaitAsync(Patience);
        var settled = writes.Last!;
        Assert.True(settled.Analyses!.FitsPending);
        Assert.Equal(5, settled.Analyses.PowerLaws.Count);

        // While the fits are computed: a retry (held in the trainer until the experiment has settled it), then the run
        // finishing; both are settled at once.
        var trainerGate = new TaskCompletionSource();
        fixture.Trainer.Gates[retriedFirst] = trainerGate;
        fixture.Trainer.Failing.TryRemove(retriedFirst, out _);
        var mark = writes.Count;
        await fixture.Client.RetryRun(firstRun);
        await writes.WaitFor(mark, s => !s.FinishedRunIds.Contains(firstRun)).WaitAsync(Patience);
        trainerGate.SetResult();
        var withFirst = await writes.WaitFor(mark, s => s.FinishedRunIds.Count == 7 && HasPowerLaw(s, firstRun)).WaitAsync(Patience);
        Assert.True(withFirst.Analyses!.FitsPending);

        // The fits over the five runs go on: they are stale, the analyses over six win; the fits over those follow.
        fits.Release(1);
        await fits.Arrived(2).WaitAsync(Patience);
        Assert.True(HasPowerLaw(writes.Last!, firstRun));

        // While those fits are written: the second retry and that run finishing.
        var held = writes.HoldNext(s => s.Analyses is { FitsPending: false });
        fits.Release(2);
        var written = await held.Entered.WaitAsync(Patience);
        Assert.True(HasPowerLaw(written, firstRun));
        fixture.Trainer.Failing.TryRemove(retriedSecond, out _);
        await fixture.Client.RetryRun(secondRun);
        await TestRuns.WaitForStatus(fixture.Grains, secondRun, RunStatus.Succeeded);
        held.Release();

        // The newest runs win: the fits over all seven follow and are written.
        var final = await writes.WaitFor(mark, s => s.Analyses is { FitsPending: false } && runIds.All(id => HasPowerLaw(s, id)))
            .WaitAsync(Patience).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : throw new TimeoutException(
                $"No write with the fits over all seven runs; most writes in flight at once: {writes.MaxInFlight}; the last wrote " +
                $"{writes.Last!.FinishedRunIds.Count} finished runs, {writes.Last.Analyses?.PowerLaws.Count} power laws, fits pending: {writes.Last.Analyses?.FitsPending}"));
        Assert.Equal(1, writes.MaxInFlight);
        var view = (await fixture.Client.GetExperiment(experimentId))!;
        Assert.Equal(ExperimentStatus.Succeeded, view.Summary.Status);
        Assert.False(view.Analyses!.FitsPending);
        Assert.Equal(final.Analyses!.ComputedAt, view.Analyses.ComputedAt);
        Assert.Equal(7, view.Analyses.PowerLaws.Count);
    }

    private static bool HasPowerLaw(ExperimentState state, string runId) => state.Analyses?.PowerLaws.Any(p => p.RunId == runId) == true;
}
