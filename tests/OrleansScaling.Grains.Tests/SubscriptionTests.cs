using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SubscriptionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_subscriber_receives_every_point_within_one_second_of_the_engine_reporting_it()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.StepPause[seed] = TimeSpan.FromMilliseconds(10);
        var spec = TestRuns.Spec(seed, iterations: 200, evaluations: 20);
        var received = new ConcurrentDictionary<long, long>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runId = await CreateAfterSubscribing(spec, received, finished);

        await finished.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(spec.Evaluations, received.Count);
        var latencies = received.Select(r => Stopwatch.GetElapsedTime(fixture.Trainer.EmittedAt[(seed, r.Key)], r.Value)).ToList();
        Assert.True(latencies.Max() < TimeSpan.FromSeconds(1), $"slowest point took {latencies.Max().TotalMilliseconds:0} ms ({runId})");
    }

    [Fact]
    public async Task A_subscriber_keeps_receiving_after_the_run_grain_loses_its_activation_and_misses_no_point()
    {
        var seed = TestRuns.NewSeed();
        fixture.Trainer.StepPause[seed] = TimeSpan.FromMilliseconds(15);
        var spec = TestRuns.Spec(seed, iterations: 300, evaluations: 30);
        var received = new ConcurrentDictionary<long, int>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var experimentId = $"exp-test-{Guid.NewGuid():N}";
        var runId = $"{experimentId}-seed{seed}";
        await using var subscription = await fixture.Client.SubscribeRun(runId, update =>
        {
            foreach (var point in update.NewPoints) received.AddOrUpdate(point.Iteration, 1, (_, n) => n + 1);
            if (update.View.Status == RunStatus.Succeeded) finished.TrySetResult();
            return Task.CompletedTask;
        });
        await CreateRun(experimentId, spec);
        await TestRuns.WaitFor(fixture.Grains, runId, v => v.Progress.Iteration >= 60, "iteration 60");

        // What a failover does to a subscription: the grain comes back without its in-memory subscribers.
        await fixture.Cluster.DeactivateAsync((IAddressable)fixture.Grains.GetGrain<ITrainingRunGrain>(runId));

        await finished.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var every = spec.Iterations / spec.Evaluations;
        Assert.Equal(Enumerable.Range(1, spec.Evaluations).Select(i => (long)i * every), received.Keys.Order());
        Assert.All(received.Values, count => Assert.Equal(1, count));
    }

    private Task CreateRun(string experimentId, RunSpec spec)
    {
        var request = new SweepRequest($"test-{Guid.NewGuid():N}", SweepKind.Recipe);
        var plan = new SweepPlan(request, [new PlannedRun($"seed{spec.Seed}", spec, spec.Shape.Parameters, 1, 1)], []);
        return fixture.Grains.GetGrain<Experiments.IExperimentRunsGrain>(experimentId).Create(plan, DateTimeOffset.UtcNow);
    }

    /// <summary>Subscribes to the run's id before the run exists, so not one point can be missed.</summary>
    private async Task<string> CreateAfterSubscribing(RunSpec spec, ConcurrentDictionary<long, long> received, TaskCompletionSource finished)
    {
        var experimentId = $"exp-test-{Guid.NewGuid():N}";
        var runId = $"{experimentId}-seed{spec.Seed}";
        await using var subscription = await fixture.Client.SubscribeRun(runId, update =>
        {
            foreach (var point in update.NewPoints) received.TryAdd(point.Iteration, Stopwatch.GetTimestamp());
            if (update.View.Status == RunStatus.Succeeded) finished.TrySetResult();
            return Task.CompletedTask;
        });
        await CreateRun(experimentId, spec);
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return runId;
    }
}
