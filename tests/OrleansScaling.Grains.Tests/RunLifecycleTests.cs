using OrleansScaling.Contracts;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class RunLifecycleTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_launched_sweep_plans_queues_leases_and_runs_every_run_to_success()
    {
        var request = new SweepRequest($"recipe-{Guid.NewGuid():N}", SweepKind.Recipe, P0: 3e5, T0: 1.5e6, BatchSize: 4, Context: 32,
            Seeds: [TestRuns.NewSeed(), TestRuns.NewSeed()]);
        var experimentId = await fixture.Client.LaunchSweep(request);

        var experiment = await fixture.Client.GetExperiment(experimentId);
        Assert.NotNull(experiment);
        Assert.Equal(2, experiment.Runs.Count);
        foreach (var run in experiment.Runs)
        {
            var done = await TestRuns.WaitForStatus(Grains, run.RunId, RunStatus.Succeeded);
            var curve = await fixture.Client.GetCurve(run.RunId);
            Assert.Equal(run.Spec.Evaluations, curve.Count);
            Assert.Equal(curve.Select(p => p.Iteration).Order(), curve.Select(p => p.Iteration));
            Assert.Equal(run.Spec.Iterations, done.Progress.Iteration);
            Assert.Equal(curve[^1].TestLoss, done.Progress.LastTestLoss);
            Assert.True(done.Attempts.Count == 1, string.Join(" | ", done.Attempts.Select(a => $"{a.Number}@{a.Silo}/{a.Slot} from {a.ResumedFromIteration}: {a.EndReason}")));
            var attempt = done.Attempts[0];
            Assert.Equal("succeeded", attempt.EndReason);
            Assert.StartsWith("cpu", attempt.Slot);
        }
        var summary = await WaitForExperiment(experimentId, ExperimentStatus.Succeeded);
        Assert.Equal(2, summary.RunsFinished);
        var analyses = (await fixture.Client.GetExperiment(experimentId))!.Analyses;
        Assert.NotNull(analyses);
        Assert.Equal(2, analyses.PowerLaws.Count);
        Assert.All(analyses.PowerLaws, p => Assert.Equal(0.3, p.Fit.Exponent, precision: 3));
        // The intervals travel through grain state and the client (an exact curve: the interval is the point).
        Assert.All(analyses.PowerLaws, p => Assert.InRange(0.3, p.ExponentInterval![0]!.Value - 1e-3, p.ExponentInterval[1]!.Value + 1e-3));
        Assert.Contains(await fixture.Client.ListExperiments(), e => e.ExperimentId == experimentId && e.RunsFinished == 2);
    }

    [Fact]
    public async Task An_invalid_sweep_is_refused_with_the_field_named_and_nothing_created()
    {
        var before = (await fixture.Client.ListExperiments()).Count;
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            fixture.Client.LaunchSweep(new SweepRequest("bad", SweepKind.Recipe, P0: -1, T0: 1e6)));
        Assert.Contains("p0", error.Message);
        Assert.Equal(before, (await fixture.Client.ListExperiments()).Count);
    }

    [Fact]
    public async Task A_run_that_keeps_failing_fails_after_the_allowed_attempts_with_every_reason_kept_and_can_be_retried()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.Failing[seed] = true;
        var (_, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Any, TestRuns.Spec(seed));

        var failed = await TestRuns.WaitForStatus(Grains, runIds[0], RunStatus.Failed);
        Assert.Equal(ClusterFixture.MaxAttempts, failed.Attempts.Count);
        Assert.All(failed.Attempts, a => Assert.Contains($"fake failure of seed {seed}", a.EndReason));
        for (var n = 1; n <= ClusterFixture.MaxAttempts; n++) Assert.Contains($"attempt {n}:", failed.FailureReason);
        var recent = (await fixture.Client.GetCluster()).RecentFailures.Where(f => f.RunId == runIds[0]).ToList();
        Assert.Equal(ClusterFixture.MaxAttempts, recent.Count);
        Assert.All(recent, f => Assert.Contains($"fake failure of seed {seed}", f.Reason));

        fixture.Trainer.Failing.TryRemove(seed, out _);
        await fixture.Client.RetryRun(runIds[0]);
        var retried = await TestRuns.WaitForStatus(Grains, runIds[0], RunStatus.Succeeded);
        Assert.Equal(ClusterFixture.MaxAttempts + 1, retried.Attempts.Count);
        Assert.Null(retried.FailureReason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.RetryRun(runIds[0]));
    }

    [Fact]
    public async Task Cancelling_a_running_run_stops_its_engine_and_frees_the_slot()
    {
        var held = TestRuns.NewSeed();
        fixture.Trainer.Holding[held] = true;
        var (_, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Cpu, TestRuns.Spec(held));
        await fixture.Trainer.Held(held).WaitAsync(TimeSpan.FromMinutes(2));

        await fixture.Client.CancelRun(runIds[0]);
        var cancelled = await TestRuns.WaitForStatus(Grains, runIds[0], RunStatus.Cancelled);
        Assert.Equal("cancelled by user", cancelled.Attempts[^1].EndReason);

        // Both CPU slots must be free again: two more runs finish.
        var (_, next) = await TestRuns.Create(Grains, DeviceRequirement.Cpu, TestRuns.Spec(TestRuns.NewSeed()), TestRuns.Spec(TestRuns.NewSeed()));
        foreach (var runId in next) await TestRuns.WaitForStatus(Grains, runId, RunStatus.Succeeded);
        Assert.Equal(RunStatus.Cancelled, (await fixture.Client.GetRun(runIds[0]))!.Status);
    }

    [Fact]
    public async Task Cancelling_an_experiment_cancels_its_queued_and_running_runs()
    {
        var seeds = Enumerable.Range(0, 4).Select(_ => TestRuns.NewSeed()).ToList();
        foreach (var seed in seeds) fixture.Trainer.Holding[seed] = true;
        var (experimentId, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Cpu, seeds.Select(s => TestRuns.Spec(s)).ToArray());
        await Task.WhenAny(seeds.Select(fixture.Trainer.Held)).WaitAsync(TimeSpan.FromMinutes(2));

        await fixture.Client.CancelExperiment(experimentId);
        foreach (var runId in runIds) await TestRuns.WaitForStatus(Grains, runId, RunStatus.Cancelled);
        await WaitForExperiment(experimentId, ExperimentStatus.Cancelled);
    }

    [Fact]
    public async Task A_late_older_snapshot_of_a_finished_run_does_not_send_its_experiment_back_to_running()
    {
        var (experimentId, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Any, TestRuns.Spec(TestRuns.NewSeed()));
        var done = await TestRuns.WaitForStatus(Grains, runIds[0], RunStatus.Succeeded);
        await WaitForExperiment(experimentId, ExperimentStatus.Succeeded);

        // What an unordered one-way message can do: an early "Running" snapshot arrives after the final one.
        var stale = done with { Status = RunStatus.Running, Version = done.Version - 1 };
        await Grains.GetGrain<Experiments.IExperimentRunsGrain>(experimentId).OnRunUpdate(new RunUpdate(runIds[0], [], stale));

        // No event says the one-way message was handled: watch for a second that nothing goes back to Running.
        for (var look = 0; look < 20; look++)
        {
            var view = await fixture.Client.GetExperiment(experimentId);
            Assert.Equal(ExperimentStatus.Succeeded, view!.Summary.Status);
            Assert.Equal(RunStatus.Succeeded, Assert.Single(view.Runs).Status);
            await Task.Delay(50);
        }
    }

    private async Task<ExperimentSummary> WaitForExperiment(string experimentId, ExperimentStatus status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var view = await fixture.Client.GetExperiment(experimentId);
            if (view?.Summary.Status == status) return view.Summary;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Experiment {experimentId} is {view?.Summary.Status}, not {status}.");
            await Task.Delay(50);
        }
    }
}
