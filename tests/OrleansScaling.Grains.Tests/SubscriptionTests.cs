using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansScaling.Client;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SubscriptionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_subscriber_receives_every_point_of_a_running_run_once_and_in_order()
    {
        // How fast points arrive is a benchmark (bench/OrleansScaling.Bench.Orleans, fan-out p99), not a test.
        var (spec, follower) = await FollowPacedRun(TimeSpan.FromMilliseconds(10), iterations: 200, evaluations: 20);
        await using var _ = follower;

        await follower.Finished.WaitAsync(Deadline);
        var every = spec.Iterations / spec.Evaluations;
        Assert.Equal(Enumerable.Range(1, spec.Evaluations).Select(i => (long)i * every), follower.InOrder);
        Assert.All(follower.Received.Values, deliveries => Assert.Single(deliveries));
    }

    /// <summary>Generous: a deadline only turns a hang into a failure; a busy machine must not fail a test.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_subscriber_keeps_receiving_after_the_run_grain_loses_its_activation_and_misses_no_point()
    {
        var (spec, follower) = await FollowPacedRun(TimeSpan.FromMilliseconds(15), iterations: 300, evaluations: 30);
        await using var _ = follower;
        await TestRuns.WaitFor(fixture.Grains, follower.RunId, v => v.Progress.Iteration >= 60, "iteration 60");

        // What a failover does to a subscription: the grain comes back without its in-memory subscribers.
        await fixture.Cluster.DeactivateAsync((IAddressable)fixture.Grains.GetGrain<ITrainingRunGrain>(follower.RunId));

        await follower.Finished.WaitAsync(Deadline);
        var every = spec.Iterations / spec.Evaluations;
        Assert.Equal(Enumerable.Range(1, spec.Evaluations).Select(i => (long)i * every), follower.Received.Keys.Order());
        Assert.All(follower.Received.Values, deliveries => Assert.Single(deliveries));
    }

    /// <summary>Subscribes to a new run, then creates it; each of its steps takes <paramref name="pause"/>.</summary>
    private async Task<(RunSpec Spec, RunFollower Follower)> FollowPacedRun(TimeSpan pause, int iterations, int evaluations)
    {
        var spec = TestRuns.Spec(TestRuns.NewSeed(), iterations, evaluations);
        fixture.Trainer.StepPause[spec.Seed] = pause;
        var follower = await RunFollower.Start(fixture.Client, spec);
        await TestRuns.Create(fixture.Grains, follower.ExperimentId, DeviceRequirement.Any, spec);
        return (spec, follower);
    }

    /// <summary>Subscribes to a run's id before the run exists, so not one point can be missed; records each delivery.</summary>
    private sealed class RunFollower : IAsyncDisposable
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IAsyncDisposable? _subscription;

        private RunFollower(RunSpec spec) => RunId = TestRuns.RunIdOf(ExperimentId, spec);

        public string ExperimentId { get; } = TestRuns.NewExperimentId();
        public string RunId { get; }
        public Task Finished => _finished.Task;

        /// <summary>Per iteration, the Stopwatch timestamps of each delivery.</summary>
        public ConcurrentDictionary<long, List<long>> Received { get; } = new();

        /// <summary>Iterations in the order they were delivered.</summary>
        public ConcurrentQueue<long> InOrder { get; } = new();

        public static async Task<RunFollower> Start(ScalingClient client, RunSpec spec)
        {
            var follower = new RunFollower(spec);
            follower._subscription = await client.SubscribeRun(follower.RunId, follower.OnUpdate);
            return follower;
        }

        private Task OnUpdate(RunUpdate update)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var point in update.NewPoints)
            {
                Received.GetOrAdd(point.Iteration, _ => []).Add(now);
                InOrder.Enqueue(point.Iteration);
            }
            if (update.View.Status == RunStatus.Succeeded) _finished.TrySetResult();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => _subscription?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
