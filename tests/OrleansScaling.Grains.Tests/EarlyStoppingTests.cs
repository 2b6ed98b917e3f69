using OrleansScaling.Contracts;
using OrleansScaling.Grains.Experiments;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Grains.Tests;

/// <summary>
/// Issue 20's "done when": one sweep with early stopping on, in which one run diverges, one run the frontier policy stops
/// and the others finish; each ends with the right status, reason and kept curve. A second sweep drives the same path
/// with a stand-in rule, and a queued run is stopped before it ever starts.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EarlyStoppingTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task In_one_IsoFLOP_sweep_the_frontier_policy_stops_the_run_off_the_frontier_one_run_diverges_and_the_others_succeed()
    {
        // One budget of four sizes at equal FLOPs (6·N·D, iterations ∝ 1/N); the largest sits 1 nat above the power law
        // (off the frontier) and holds at its first checkpoint, iteration 200 of 400, until its engine is cancelled. A
        // fifth run, at another budget, diverges. Science's real rule decides (no stand-in for these seeds).
        int offFrontier = TestRuns.NewSeed(), diverging = TestRuns.NewSeed();
        int[] onFrontier = [TestRuns.NewSeed(), TestRuns.NewSeed(), TestRuns.NewSeed()];
        fixture.Trainer.LossOffset[offFrontier] = 1.0;
        fixture.Trainer.Holding[offFrontier] = true;
        fixture.Trainer.DivergingAt[diverging] = 75;
        static ModelShape Shape(int d) => new(d, 2, 2, 32, 256);
        var largest = Shape(96).Parameters;
        var stoppedSpec = new RunSpec(Shape(96), BatchSize: 4, Iterations: 400, Seed: offFrontier, Evaluations: 40, CheckpointEvery: 200);
        var frontierSpecs = new[] { 32, 48, 64 }.Select((d, i) =>
        {
            var iterations = (int)Math.Round(400.0 * largest / Shape(d).Parameters);
            return new RunSpec(Shape(d), BatchSize: 4, Iterations: iterations, Seed: onFrontier[i], Evaluations: 20, CheckpointEvery: iterations);
        }).ToArray();
        var settings = new EarlyStoppingSettings(EarlyStoppingSettings.Frontier, MinFraction: 0.3);
        var (experimentId, runIds) = await Launch(settings, [stoppedSpec, .. frontierSpecs, TestRuns.Spec(diverging)]);

        var stop = await TestRuns.WaitFor(Grains, runIds[0], v => v.Status.IsFinished(), "finished");
        Assert.True(stop.Status == RunStatus.StoppedEarly, $"{stop.Status}: {stop.FailureReason}");
        Assert.StartsWith("stopped early at iteration 200: off the compute frontier: ", stop.StopReason);
        Assert.Equal(stop.StopReason, Assert.Single(stop.Attempts).EndReason);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i * 10L), (await fixture.Client.GetCurve(runIds[0])).Select(p => p.Iteration));
        Assert.NotNull(stop.Forecast);
        Assert.Equal(400, stop.Forecast.ToIteration);
        Assert.Equal(1, fixture.Trainer.Starts[offFrontier]);

        var diverged = await TestRuns.WaitFor(Grains, runIds[4], v => v.Status.IsFinished(), "finished");
        Assert.Equal(RunStatus.Diverged, diverged.Status);
        Assert.Equal("diverged at iteration 75 (loss ∞); lower the learning rate", diverged.StopReason);
        Assert.Equal([10L, 20, 30, 40, 50, 60, 70], (await fixture.Client.GetCurve(runIds[4])).Select(p => p.Iteration));
        foreach (var (id, spec) in runIds.Skip(1).Take(3).Zip(frontierSpecs))
        {
            var done = await TestRuns.WaitFor(Grains, id, v => v.Status.IsFinished(), "finished");
            Assert.True(done.Status == RunStatus.Succeeded, $"{id}: {done.Status}: {done.FailureReason} {done.StopReason}");
            Assert.Equal(spec.Evaluations, (await fixture.Client.GetCurve(id)).Count);
        }

        // The analyses use the stopped run's forecast as its final loss and say so; the diverged run is left out.
        var experiment = await WaitForExperiment(experimentId);
        Assert.Equal(ExperimentStatus.Succeeded, experiment.Summary.Status);
        var notes = experiment.Analyses?.Notes ?? [];
        Assert.Contains(notes, n => n.StartsWith($"seed{offFrontier} stopped early at iteration ") && n.Contains("stands in for its final loss"));
        Assert.Contains($"seed{diverging} diverged at iteration 75 (loss ∞): left out", notes);
    }

    [Fact]
    public async Task With_a_stand_in_rule_a_stopped_run_keeps_its_curve_and_forecast_is_never_retried_beside_a_diverged_run_and_succeeded_ones()
    {
        int first = TestRuns.NewSeed(), second = TestRuns.NewSeed(), diverging = TestRuns.NewSeed(), stopped = TestRuns.NewSeed();
        fixture.Trainer.DivergingAt[diverging] = 75;
        // The run to stop holds at its first checkpoint (iteration 200 of 400, evaluations every 10) until its engine is
        // cancelled: only the stop can end it, so the test does not race the engine.
        fixture.Trainer.Holding[stopped] = true;
        fixture.Stopping.Stopping[stopped] = true;
        var settings = new EarlyStoppingSettings(EarlyStoppingSettings.Frontier, MinFraction: 0.5);
        var (experimentId, runIds) = await Launch(settings,
            TestRuns.Spec(stopped, iterations: 400, evaluations: 40, checkpointEvery: 200),
            TestRuns.Spec(first), TestRuns.Spec(diverging), TestRuns.Spec(second));

        var stop = await TestRuns.WaitFor(Grains, runIds[0], v => v.Status.IsFinished(), "finished");
        Assert.True(stop.Status == RunStatus.StoppedEarly, $"{stop.Status}: {stop.FailureReason}");
        Assert.Equal($"stopped early at iteration 200: {TestStoppingPolicy.Reason}", stop.StopReason);
        Assert.Null(stop.FailureReason);
        Assert.NotNull(stop.FinishedAt);
        var attempt = Assert.Single(stop.Attempts);
        Assert.Equal(stop.StopReason, attempt.EndReason);
        // Its curve up to the stop is kept, and so is the forecast the stop rested on (the view shows it after the stop).
        var curve = await fixture.Client.GetCurve(runIds[0]);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i * 10L), curve.Select(p => p.Iteration));
        Assert.Equal(curve[^1].TestLoss, stop.Progress.LastTestLoss);
        Assert.NotNull(stop.Forecast);
        Assert.Equal(400, stop.Forecast.ToIteration);
        Assert.True(double.IsFinite(stop.Forecast.FinalLoss));
        // The rule was asked with the sweep's settings.
        Assert.Contains(settings, fixture.Stopping.Asked);

        var diverged = await TestRuns.WaitFor(Grains, runIds[2], v => v.Status.IsFinished(), "finished");
        Assert.Equal(RunStatus.Diverged, diverged.Status);
        Assert.Equal("diverged at iteration 75 (loss ∞); lower the learning rate", diverged.StopReason);
        Assert.Equal([10L, 20, 30, 40, 50, 60, 70], (await fixture.Client.GetCurve(runIds[2])).Select(p => p.Iteration));
        Assert.Null(diverged.Forecast);

        foreach (var id in new[] { runIds[1], runIds[3] })
        {
            var done = await TestRuns.WaitFor(Grains, id, v => v.Status.IsFinished(), "finished");
            Assert.True(done.Status == RunStatus.Succeeded, $"{id}: {done.Status}: {done.FailureReason}");
            Assert.Null(done.StopReason);
            Assert.Equal(done.Spec.Evaluations, (await fixture.Client.GetCurve(id)).Count);
        }

        var experiment = await WaitForExperiment(experimentId);
        Assert.Equal(ExperimentStatus.Succeeded, experiment.Summary.Status);
        Assert.Equal(4, experiment.Summary.RunsFinished);
        Assert.Contains(experiment.Analyses?.Notes ?? [], n => n.StartsWith($"seed{stopped} stopped early at iteration ") && n.Contains("stands in for its final loss"));

        // Never retried: one engine start, and a user's retry is refused naming why.
        Assert.Equal(1, fixture.Trainer.Starts[stopped]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.RetryRun(runIds[0]));
        Assert.Contains("stopped early at iteration 200", refused.Message);
        Assert.Equal(RunStatus.StoppedEarly, (await Grains.GetGrain<ITrainingRunGrain>(runIds[0]).GetView())!.Status);
    }

    [Fact]
    public async Task A_queued_run_asked_to_stop_ends_stopped_early_at_once_without_an_attempt()
    {
        int held = TestRuns.NewSeed(), queued = TestRuns.NewSeed();
        // Both CPU slots are taken by held runs, so the third run stays queued.
        int other = TestRuns.NewSeed();
        fixture.Trainer.Holding[held] = true;
        fixture.Trainer.Holding[other] = true;
        var (_, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Cpu, TestRuns.Spec(held), TestRuns.Spec(other), TestRuns.Spec(queued));
        await Task.WhenAll(fixture.Trainer.Held(held), fixture.Trainer.Held(other)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(RunStatus.Queued, (await Grains.GetGrain<ITrainingRunGrain>(runIds[2]).GetView())!.Status);

        await Grains.GetGrain<Runs.IRunStoppingGrain>(runIds[2]).StopEarly("test: clear already", forecast: null);

        var stopped = await TestRuns.WaitForStatus(Grains, runIds[2], RunStatus.StoppedEarly);
        Assert.Equal("stopped early at iteration 0: test: clear already", stopped.StopReason);
        Assert.Empty(stopped.Attempts);
        await fixture.Client.CancelRun(runIds[0]);
        await fixture.Client.CancelRun(runIds[1]);
        Assert.False(fixture.Trainer.Starts.ContainsKey(queued));
    }

    /// <summary>The sweep as the catalog launches it, from a hand-made plan: the fake trainer tells runs apart by seed,
    /// which a planned IsoFLOP sweep shares across its runs.</summary>
    private async Task<(string ExperimentId, IReadOnlyList<string> RunIds)> Launch(EarlyStoppingSettings settings, params RunSpec[] specs)
    {
        var experimentId = TestRuns.NewExperimentId();
        var request = new SweepRequest($"stop-{Guid.NewGuid():N}", SweepKind.IsoFlop, EarlyStopping: settings);
        var plan = new SweepPlan(request, specs.Select(s => new PlannedRun($"seed{s.Seed}", s, s.Shape.Parameters, 1, 1)).ToList(), []);
        await Grains.GetGrain<IExperimentRunsGrain>(experimentId).Create(plan, DateTimeOffset.UtcNow);
        return (experimentId, plan.Runs.Select(r => ExperimentState.RunIdOf(experimentId, r)).ToList());
    }

    private async Task<ExperimentView> WaitForExperiment(string experimentId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var view = await fixture.Client.GetExperiment(experimentId);
            if (view is { Summary.Status: not ExperimentStatus.Running }) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Experiment {experimentId} is still {view?.Summary.Status}.");
            await Task.Delay(50);
        }
    }
}
