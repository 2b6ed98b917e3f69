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
        var request = new SweepRequest($"test-{Guid.NewGuid():N}", SweepKind.Recipe);
        var plan = new SweepPlan(request, [new PlannedRun($"seed{spec.Seed}", spec, spec.Shape.Parameters, 1, 1)], []);
        await fixture.Grains.GetGrain<Experiments.IExperimentRunsGrain>(experimentId).Create(plan, DateTimeOffset.UtcNow);
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return runId;
    }
}
