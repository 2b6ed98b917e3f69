using OrleansScaling.Contracts;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

/// <summary>Issue 20: a diverged run is a result — kept, never retried, noted by the analyses — and NaN/∞ never fail a call or a write.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DivergedRunTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_diverged_run_ends_diverged_with_its_curve_kept_is_not_retried_and_the_analyses_leave_it_out_with_a_note()
    {
        int healthy = TestRuns.NewSeed(), diverging = TestRuns.NewSeed();
        fixture.Trainer.DivergingAt[diverging] = 75;
        var (experimentId, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Any, TestRuns.Spec(healthy), TestRuns.Spec(diverging));

        var diverged = await TestRuns.WaitFor(Grains, runIds[1], v => v.Status.IsFinished(), "finished");
        Assert.Equal(RunStatus.Diverged, diverged.Status);
        Assert.Equal("diverged at iteration 75 (loss ∞); lower the learning rate", diverged.StopReason);
        Assert.Null(diverged.FailureReason);
        Assert.NotNull(diverged.FinishedAt);
        Assert.Equal(75, diverged.Progress.Iteration);
        var attempt = Assert.Single(diverged.Attempts);
        Assert.Equal(diverged.StopReason, attempt.EndReason);
        // The curve up to the divergence is kept: evaluations every 10 iterations, 10..70.
        var curve = await fixture.Client.GetCurve(runIds[1]);
        Assert.Equal([10L, 20, 30, 40, 50, 60, 70], curve.Select(p => p.Iteration));
        Assert.Equal(curve[^1].TestLoss, diverged.Progress.LastTestLoss);

        var summary = await WaitForExperiment(experimentId, ExperimentStatus.Succeeded);
        Assert.Equal(2, summary.RunsFinished);
        var experiment = (await fixture.Client.GetExperiment(experimentId))!;
        var analyses = experiment.Analyses;
        Assert.NotNull(analyses);
        Assert.Equal(runIds[0], Assert.Single(analyses.PowerLaws).RunId);
        Assert.Contains($"seed{diverging} diverged at iteration 75 (loss ∞): left out", analyses.Notes ?? []);

        // Not retried: by the scheduler (one engine start, no failure recorded) nor by a user.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fixture.Trainer.Starts[diverging]);
        Assert.Single((await Grains.GetGrain<ITrainingRunGrain>(runIds[1]).GetView())!.Attempts);
        Assert.DoesNotContain((await fixture.Client.GetCluster()).RecentFailures, f => f.RunId == runIds[1]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.RetryRun(runIds[1]));
        Assert.Contains("would diverge again", refused.Message);
    }

    [Fact]
    public async Task Curve_points_with_NaN_and_infinity_cross_the_wire_and_reach_grain_storage()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.NonFinitePoints[seed] = true;
        var (_, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Any, TestRuns.Spec(seed));

        var done = await TestRuns.WaitFor(Grains, runIds[0], v => v.Status.IsFinished(), "finished");
        Assert.True(done.Status == RunStatus.Succeeded, $"{done.Status}: {done.FailureReason}");
        var curve = await fixture.Client.GetCurve(runIds[0]);
        Assert.Equal(done.Spec.Evaluations, curve.Count);
        Assert.All(curve, p => Assert.True(double.IsNaN(p.TrainLoss)));
        Assert.All(curve, p => Assert.Equal(double.PositiveInfinity, p.TokensPerSecond));
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
