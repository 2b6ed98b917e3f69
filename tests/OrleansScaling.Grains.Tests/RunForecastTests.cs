using System.Diagnostics;
using OrleansScaling.Contracts;
using OrleansScaling.Grains.Runs;
using OrleansScaling.Grains.Tests.Infrastructure;
using OrleansScaling.Science.Analysis.Forecasts;
using OrleansScaling.Science.Runs;
using Xunit.Abstractions;

namespace OrleansScaling.Grains.Tests;

/// <summary>Issue 20: a running run's view carries its loss forecast once it has enough evaluations, and none once finished.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RunForecastTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_running_run_has_a_forecast_to_its_last_iteration_once_it_has_enough_evaluations_and_none_once_finished()
    {
        int held = TestRuns.NewSeed(), quick = TestRuns.NewSeed();
        fixture.Trainer.Holding[held] = true;
        // Evaluations every 10 iterations; it holds at its first checkpoint (200), with 10 evaluations past the warmup (100).
        var (_, runIds) = await TestRuns.Create(Grains, DeviceRequirement.Any,
            TestRuns.Spec(held, iterations: 400, evaluations: 40, checkpointEvery: 200), TestRuns.Spec(quick));
        await fixture.Trainer.Held(held).WaitAsync(TimeSpan.FromMinutes(2));

        var running = await TestRuns.WaitFor(Grains, runIds[0], v => v.Forecast is not null, "a forecast");
        Assert.Equal(RunStatus.Running, running.Status);
        var forecast = running.Forecast!;
        Assert.Equal(400, forecast.ToIteration);
        Assert.InRange(forecast.FromIteration, 100, 200);
        Assert.True(double.IsFinite(forecast.FinalLoss));
        Assert.Equal(2, forecast.Interval.Length);
        // The fake's loss keeps falling (6·I^−0.3): the forecast is below the last evaluation's.
        Assert.True(forecast.FinalLoss < running.Progress.LastTestLoss, $"forecast {forecast.FinalLoss} vs last {running.Progress.LastTestLoss}");

        // What the grain's fit costs (50 seeded resamples), for docs/api.md.
        var curve = await fixture.Client.GetCurve(runIds[0]);
        var spec = running.Spec;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++)
            LossForecaster.Run(curve, spec.Iterations, step => LearningRateSchedules.LearningRate(spec, step), TrainingRunGrain.ForecastResamples, seed: 1);
        output.WriteLine($"forecast fit on {curve.Count} evaluations with {TrainingRunGrain.ForecastResamples} resamples: {watch.Elapsed.TotalMilliseconds / 5:F1} ms");

        await fixture.Client.CancelRun(runIds[0]);
        var cancelled = await TestRuns.WaitForStatus(Grains, runIds[0], RunStatus.Cancelled);
        Assert.Null(cancelled.Forecast);

        var succeeded = await TestRuns.WaitForStatus(Grains, runIds[1], RunStatus.Succeeded);
        Assert.Null(succeeded.Forecast);
    }
}
