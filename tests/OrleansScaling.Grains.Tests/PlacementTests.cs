using OrleansScaling.Contracts;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

/// <summary>
/// Placement that cannot change numbers: libtorch's TF32 switch is one per process, so a silo's GPU slots never train
/// runs of different matmul modes at once (tf32 beside fp32). A silo with two declared GPU slots and the fake trainer.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PlacementTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_silos_gpu_slots_never_train_tf32_beside_fp32_and_the_fp32_run_waits_for_the_tf32_runs()
    {
        var (tf32, fp32, tf32Again) = (TestRuns.NewSeed(), TestRuns.NewSeed(), TestRuns.NewSeed());
        foreach (var seed in new[] { tf32, fp32, tf32Again })
        {
            fixture.Trainer.Holding[seed] = true;
            fixture.Trainer.Releases[seed] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        // Queued in this order before any GPU slot exists: the fp32 run is older than the second tf32 run.
        var (_, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Gpu,
            TestRuns.Spec(tf32) with { Precision = Precision.Tf32 },
            TestRuns.Spec(fp32) with { Precision = Precision.Fp32 },
            TestRuns.Spec(tf32Again) with { Precision = Precision.Tf32 });

        fixture.AddedSiloGpuSlots = 2;
        var silo = await fixture.Cluster.StartAdditionalSiloAsync();
        fixture.AddedSiloGpuSlots = 1;
        try
        {
            // Both tf32 runs train side by side on the silo's two GPU slots; the fp32 run, passed over, stays queued.
            await fixture.Trainer.Held(tf32).WaitAsync(Patience);
            await fixture.Trainer.Held(tf32Again).WaitAsync(Patience);
            Assert.Equal(["cuda:0", "cuda:1"], new[] { fixture.Trainer.DeviceUsed[tf32], fixture.Trainer.DeviceUsed[tf32Again] }.Order());
            var waiting = await fixture.Client.GetRun(runIds[1]);
            Assert.Equal(RunStatus.Queued, waiting!.Status);
            Assert.Empty(waiting.Attempts);
            Assert.False(fixture.Trainer.Starts.ContainsKey(fp32));

            // Once the tf32 runs finish, the fp32 run gets a slot of the same silo.
            fixture.Trainer.Releases[tf32].SetResult();
            fixture.Trainer.Releases[tf32Again].SetResult();
            await fixture.Trainer.Held(fp32).WaitAsync(Patience);
            fixture.Trainer.Releases[fp32].SetResult();
            foreach (var runId in runIds)
            {
                var done = await TestRuns.WaitForStatus(Grains, runId, RunStatus.Succeeded);
                Assert.Equal(silo.SiloAddress.ToString(), Assert.Single(done.Attempts).Silo);
            }
            // The fp32 run started only after both tf32 runs had left the GPU (the fake trainer watches every start).
            Assert.Empty(fixture.Trainer.MixedMatmulModes);
        }
        finally
        {
            await fixture.Cluster.StopSiloAsync(silo);
        }
    }
}
