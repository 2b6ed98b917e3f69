using OrleansScaling.Contracts;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

/// <summary>
/// GPU runs on silos added mid-test (the fixture's own silos offer CPU slots only): capacity matching, a silo that
/// joins and takes work, a killed silo whose lease expires, a stopped silo that hands its run back.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_run_lost_with_its_silo_is_queued_again_and_resumes_from_its_checkpoint_with_a_continuous_curve()
    {
        var (runId, spec, gpuSilo) = await StartHeldGpuRun();
        var beforeKill = await TestRuns.WaitFor(Grains, runId, v => v.LastCheckpoint is not null, "a checkpoint");

        await fixture.Cluster.KillSiloAsync(gpuSilo);
        var lost = await TestRuns.WaitFor(Grains, runId, v => v.Attempts[0].EndedAt is not null, "attempt 1 ended");
        Assert.StartsWith("lease lost", lost.Attempts[0].EndReason);
        Assert.Equal(RunStatus.Queued, lost.Status);

        var done = await FinishOnNewGpuSilo(runId);
        Assert.Equal(2, done.Attempts.Count);
        Assert.Equal(beforeKill.LastCheckpoint!.Iteration, done.Attempts[1].ResumedFromIteration);
        Assert.True(done.Attempts[1].ResumedFromIteration > 0);
        await AssertContinuousCurve(runId, spec);
    }

    [Fact]
    public async Task A_gracefully_stopped_silo_hands_its_run_back_at_once_without_counting_a_failure()
    {
        var (runId, spec, gpuSilo) = await StartHeldGpuRun();
        await TestRuns.WaitFor(Grains, runId, v => v.LastCheckpoint is not null, "a checkpoint");

        await fixture.Cluster.StopSiloAsync(gpuSilo);
        var handedBack = await TestRuns.WaitForStatus(Grains, runId, RunStatus.Queued);
        Assert.StartsWith("handed back", handedBack.Attempts[0].EndReason);

        var done = await FinishOnNewGpuSilo(runId);
        Assert.Equal(2, done.Attempts.Count);
        Assert.Equal(handedBack.LastCheckpoint!.Iteration, done.Attempts[1].ResumedFromIteration);
        await AssertContinuousCurve(runId, spec);
    }

    private async Task EveryCpuSlotAsksAfter(DateTimeOffset since)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!(await fixture.Client.GetCluster()).Slots.Where(s => s.Device == "cpu").All(s => s.LastSeen > since))
            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
    }

    /// <summary>A GPU run waits while only CPU slots exist, then goes to a GPU silo added for it and holds there.</summary>
    private async Task<(string RunId, RunSpec Spec, Orleans.TestingHost.InProcessSiloHandle Silo)> StartHeldGpuRun()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.Holding[seed] = true;
        var spec = TestRuns.Spec(seed);
        var (_, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Gpu, spec);
        // No event says "no slot took it": wait until every CPU slot has asked for work twice since the run was queued.
        await EveryCpuSlotAsksAfter(DateTimeOffset.UtcNow);
        await EveryCpuSlotAsksAfter(DateTimeOffset.UtcNow);
        var waiting = await fixture.Client.GetRun(runIds[0]);
        Assert.Equal(RunStatus.Queued, waiting!.Status);
        Assert.Empty(waiting.Attempts);

        var gpuSilo = await fixture.Cluster.StartAdditionalSiloAsync();
        await fixture.Trainer.Held(seed).WaitAsync(TimeSpan.FromMinutes(2));
        var running = await TestRuns.WaitForStatus(Grains, runIds[0], RunStatus.Running);
        Assert.Equal("gpu0", running.Attempts[0].Slot);
        Assert.Equal(gpuSilo.SiloAddress.ToString(), running.Attempts[0].Silo);
        Assert.Equal("cuda:0", fixture.Trainer.DeviceUsed[seed]);
        return (runIds[0], spec, gpuSilo);
    }

    private async Task<RunView> FinishOnNewGpuSilo(string runId)
    {
        var silo = await fixture.Cluster.StartAdditionalSiloAsync();
        try
        {
            var done = await TestRuns.WaitForStatus(Grains, runId, RunStatus.Succeeded);
            Assert.Equal(silo.SiloAddress.ToString(), done.Attempts[^1].Silo);
            return done;
        }
        finally
        {
            await fixture.Cluster.StopSiloAsync(silo);
        }
    }

    /// <summary>Every evaluation iteration exactly once, with the losses an uninterrupted run reports.</summary>
    private async Task AssertContinuousCurve(string runId, RunSpec spec)
    {
        var every = spec.Iterations / spec.Evaluations;
        var expected = Enumerable.Range(1, spec.Evaluations).Select(i => (long)i * every).ToList();
        var curve = await fixture.Client.GetCurve(runId);
        Assert.Equal(expected, curve.Select(p => p.Iteration));
        Assert.All(curve, p => Assert.Equal(FakeTrainer.LossAt(p.Iteration), p.TestLoss));
    }
}
