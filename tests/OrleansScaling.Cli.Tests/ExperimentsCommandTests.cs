using System.Text.Json;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Cli.Tests.ClusterFakes;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Analysis;
using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Cli.Tests;

public sealed class ExperimentsCommandTests
{
    private readonly FakeScalingClient _cluster = new();
    private readonly FakeConnector _connector;

    public ExperimentsCommandTests() => _connector = new FakeConnector(_cluster);

    [Fact]
    public async Task Cancel_cancels_the_whole_experiment_and_an_unknown_id_exits_3_cancelling_nothing()
    {
        _cluster.Add(Sample.Experiment("exp-c", "tiny", ExperimentStatus.Running, Sample.Run("exp-c", "k1", RunStatus.Running, 10)));

        var cancelled = await Osc.Run(_connector, "experiments", "cancel", "exp-c");
        var unknown = await Osc.Run(_connector, "experiments", "cancel", "exp-nope");

        Assert.Equal(ExitCodes.Success, cancelled.ExitCode);
        Assert.Contains("cancelled exp-c", cancelled.Output);
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Equal(["exp-c"], _cluster.CancelledExperiments);
    }

    [Fact]
    public async Task List_on_an_empty_cluster_says_how_to_launch_one()
    {
        var result = await Osc.Run(_connector, "experiments", "list");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("osc sweep launch --preset recipe-tiny", result.Output);
        Assert.Equal("[]", (await Osc.Run(_connector, "experiments", "list", "--json")).Output.Trim());
    }

    [Fact]
    public async Task List_shows_each_experiment_with_its_progress()
    {
        _cluster.Add(Sample.Experiment("exp-a", "tiny", ExperimentStatus.Running,
            Sample.Run("exp-a", "k1", RunStatus.Succeeded, 300), Sample.Run("exp-a", "k2", RunStatus.Running, 10)));

        var text = await Osc.Run(_connector, "experiments", "list");
        var json = JsonDocument.Parse((await Osc.Run(_connector, "experiments", "list", "--json")).Output).RootElement;

        Assert.Contains("exp-a", text.Output);
        Assert.Contains("1/2", text.Output);
        Assert.Contains("running", text.Output);
        Assert.Equal("exp-a", json[0].GetProperty("experimentId").GetString());
        Assert.Equal("recipe", json[0].GetProperty("kind").GetString());
        Assert.Equal(1, json[0].GetProperty("runsFinished").GetInt32());
    }

    [Fact]
    public async Task Show_prints_plan_notes_runs_and_the_analyses()
    {
        var view = Sample.Experiment("exp-a", "tiny", ExperimentStatus.Succeeded, Sample.Run("exp-a", "d64-S-seed1", RunStatus.Succeeded, 300));
        _cluster.Add(view with
        {
            Analyses = new ExperimentAnalyses(Sample.At,
                [new SpeedupRow(256, 18_000_000, 10, 0, 1, new SpeedupResult(1.9, 30_000, 3.41, 15_789))],
                [new PowerLawRow("exp-a-d64-S-seed1", "d64-S-seed1", new PowerLawFit(0.12, 9.5, 0.995, 400, 300))],
                new FrontierResult([new FrontierSize(18_000_000, [0, 40_000], [0, 11.5]), new FrontierSize(128_000_000, [20_000, null], [1.5, null])],
                    [1.8, 11.5], 4.55)),
        });

        var text = await Osc.Run(_connector, "experiments", "show", "exp-a");
        var json = JsonDocument.Parse((await Osc.Run(_connector, "experiments", "show", "exp-a", "--json")).Output).RootElement;

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("plan: chose d=64 L=2: T/P = 4.9", text.Output);
        Assert.Contains("d64-S-seed1", text.Output);
        Assert.Contains("1.9x", text.Output);
        Assert.Contains("18M params", text.Output);
        Assert.Contains("[1.5, inf]", text.Output);
        Assert.Contains("geometric mean 4.55 tokens/param", text.Output);
        Assert.Equal(1.9, json.GetProperty("analyses").GetProperty("speedups")[0].GetProperty("result").GetProperty("speedup").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("analyses").GetProperty("frontier").GetProperty("sizes")[1].GetProperty("optimalIterations")[1].ValueKind);
    }

    [Fact]
    public async Task Show_prints_every_interval_with_what_it_rests_on_the_parabolas_the_fit_the_held_out_check_and_the_notes()
    {
        var seeds = new IntervalBasis(2, IntervalBasis.Seeds, "t interval over seeds (n − 1 dof), widened by the evaluation grid");
        var oneSeed = new IntervalBasis(1, IntervalBasis.Seeds, "none", Note: "S and M differ in length");
        var runs = new IntervalBasis(3, IntervalBasis.Runs, "Fieller interval for the parabola's vertex, noise from its residuals (t, n − 3 dof)");
        var fitBasis = new IntervalBasis(12, IntervalBasis.Runs, "percentile bootstrap over runs", 200, 7);
        var fit = new ParametricLossFit(1.8, 400, 0.34, 410, 0.28, 0.01, 4500, 0);
        var view = Sample.Experiment("exp-b", "iso", ExperimentStatus.Succeeded, Sample.Run("exp-b", "d64-S-seed1", RunStatus.Succeeded, 300));
        _cluster.Add(view with
        {
            Analyses = new ExperimentAnalyses(Sample.At,
                [new SpeedupRow(256, 18_000_000, 10, 0, 1, new SpeedupResult(1.2, 30_000, 3.41, 25_000), CellInterval: [1.16, 1.23], CellBasis: seeds),
                 new SpeedupRow(512, 45_000_000, 10, 0, 1, new SpeedupResult(double.NaN, 30_000, double.NaN, null), CellBasis: oneSeed)],
                [new PowerLawRow("exp-b-d64-S-seed1", "d64-S-seed1", new PowerLawFit(0.12, 9.5, 0.995, 400, 300), [0.11, 0.13], [9.1, 9.9],
                    Basis: new IntervalBasis(40, IntervalBasis.Evaluations, "moving-block residual bootstrap (blocks of 4)", 200))],
                null,
                Notes: ["speedup d64-SD vs d64-MD: no evaluations"],
                IsoFlop: [new IsoFlopParabola(new IsoFlopBudgetFit(1e15, 3, 2e6, 8.3e7, 41.5, 3.2, 0.05, 0.98, true), [], [1.5e6, null], [30, 55]) { Basis = runs },
                          new IsoFlopParabola(new IsoFlopBudgetFit(1e16, 3, double.NaN, 2.8e8, double.PositiveInfinity, 3.0, 0.05, double.NaN, false), [], null, null)
                              { Basis = runs with { Note = "the vertex lies outside the sizes measured" } }],
                ComputeOptimal: new ComputeOptimalLine(fit, 12, [])
                {
                    Intervals = new ParametricIntervals([1.7, 1.9], [300, 520], [0.3, 0.38], [350, 480], [0.25, 0.31], fitBasis),
                },
                Holdout: new HeldOutCheck(3e15, 8, [
                    new HoldoutRow(5e6, 1e8, 4.5e15, 3.10, 3.05, [2.95, 3.16], true) { Basis = fitBasis with { N = 8 } },
                    new HoldoutRow(8e6, 6e7, 4.3e15, 3.30, 3.08, [2.97, 3.20], false) { Basis = fitBasis with { N = 8 } }]))
            {
                Runs = 12,
                IsoFlopTrend = new IsoFlopTrend(0.49, 0.51, 2),
            },
        });

        var text = (await Osc.Run(_connector, "experiments", "show", "exp-b")).Output;
        var json = JsonDocument.Parse((await Osc.Run(_connector, "experiments", "show", "exp-b", "--json")).Output).RootElement;

        Assert.Contains("over 12 runs", text);
        Assert.Contains("[1.16, 1.23] (2 seeds)", text);
        Assert.Contains("- (1 seed: S and M differ in length)", text);
        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("Infinity", text);
        Assert.DoesNotContain("∞", text);
        Assert.Contains("t interval over seeds (n − 1 dof), widened by the evaluation grid", text);
        Assert.Contains("[0.1100, 0.1300] (40 evaluations)", text);
        Assert.Contains("IsoFLOP parabolas", text);
        Assert.Contains("[1.5M, inf] (3 runs)", text);
        Assert.Contains("[30, 55] (3 runs)", text);
        Assert.Contains("- (3 runs: the vertex lies outside the sizes measured)", text);
        Assert.Contains("no (extrapolated)", text);
        Assert.Contains("over 2 budgets: N* ∝ C^0.49, D* ∝ C^0.51", text);
        Assert.Contains("parametric fit over 12 runs", text);
        Assert.Matches(@"α\s+0\.340\s+\[0\.300, 0\.380\] \(12 runs\)", text);
        Assert.Contains("intervals: 200 resamples of 12 runs, percentile bootstrap over runs (7 degenerate)", text);
        Assert.Contains("1 of 2 held-out runs inside their 95% prediction interval", text);
        Assert.Contains("[2.950, 3.160] (8 runs)", text);
        Assert.Contains("notes:\n  - speedup d64-SD vs d64-MD: no evaluations", text.ReplaceLineEndings("\n"));
        var analyses = json.GetProperty("analyses");
        Assert.Equal(2, analyses.GetProperty("speedups")[0].GetProperty("cellBasis").GetProperty("n").GetInt32());
        Assert.Equal("runs", analyses.GetProperty("isoFlop")[0].GetProperty("basis").GetProperty("of").GetString());
        Assert.Equal(JsonValueKind.Null, analyses.GetProperty("isoFlop")[0].GetProperty("optimalParamsInterval")[1].ValueKind);
        Assert.Equal(12, analyses.GetProperty("runs").GetInt32());
    }

    [Fact]
    public async Task Show_says_when_the_fits_are_still_to_come()
    {
        var view = Sample.Experiment("exp-p", "iso", ExperimentStatus.Running, Sample.Run("exp-p", "d64-S-seed1", RunStatus.Succeeded, 300));
        _cluster.Add(view with { Analyses = new ExperimentAnalyses(Sample.At, [], [], null, FitsPending: true) });

        var text = (await Osc.Run(_connector, "experiments", "show", "exp-p")).Output;

        Assert.Contains("fits pending", text);
        Assert.DoesNotContain("held-out check:", text);
    }

    [Fact]
    public async Task Show_prints_the_analyses_notes_such_as_a_diverged_run_left_out()
    {
        var diverged = Sample.Run("exp-d", "d64-S-seed2", RunStatus.Diverged, 2) with
        {
            StopReason = "diverged at iteration 2 (loss NaN); lower the learning rate",
        };
        var view = Sample.Experiment("exp-d", "tiny", ExperimentStatus.Succeeded, Sample.Run("exp-d", "d64-S-seed1", RunStatus.Succeeded, 300), diverged);
        _cluster.Add(view with
        {
            Analyses = new ExperimentAnalyses(Sample.At, [], [], null, ["d64-S-seed2 diverged at iteration 2 (loss NaN): left out"]),
        });

        var text = await Osc.Run(_connector, "experiments", "show", "exp-d");

        Assert.Equal(ExitCodes.Success, text.ExitCode);
        Assert.Contains("  - d64-S-seed2 diverged at iteration 2 (loss NaN): left out", text.Output);
        Assert.Contains("diverged", text.Output);
    }

    [Fact]
    public async Task Show_of_a_missing_experiment_exits_3()
    {
        var result = await Osc.Run(_connector, "experiments", "show", "exp-404");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("no experiment 'exp-404'; `osc experiments list` shows the ones that exist.", result.Error);
    }
}
