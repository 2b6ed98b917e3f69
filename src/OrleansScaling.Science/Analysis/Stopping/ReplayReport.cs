using OrleansScaling.Science.Analysis.Bootstrap;

namespace OrleansScaling.Science.Analysis.Stopping;

/// <summary>
/// One decision a study's analyses make, on the full study and on the replay: its value in each, the full study's 95%
/// interval (a null end is open) and what it rests on, and whether the replayed value is inside (null: the full study has
/// no interval to hold it to; false also when the replay could not compute it; true when neither could: a speedup whose S
/// never reached M's best in both).
/// </summary>
public sealed record ReplayDecision(string Analysis, double? Full, double? Replayed, bool? Inside)
{
    public double?[]? Interval { get; init; }
    public IntervalBasis? Basis { get; init; }
}

/// <summary>
/// `osc sweep replay`'s answer: training FLOPs used under the policy and in the full study (FLOPs, the engine's count),
/// the fraction saved, every decision compared, the stops and the notes.
/// </summary>
public sealed record ReplayReport(double FlopsUsed, double FlopsFull, double Saved, IReadOnlyList<ReplayDecision> Decisions)
{
    public IReadOnlyList<ReplayStop> Stops { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Replays the policy over <paramref name="runs"/> (<see cref="StoppingReplay"/>), runs the one analysis pipeline on
    /// the full and the replayed runs with the same settings, and compares the IsoFLOP optima, the compute-optimal line
    /// and the speedups (<see cref="ReplayDecisions"/>).
    /// </summary>
    public static ReplayReport Of(IReadOnlyList<FinishedRun> runs, EarlyStoppingSettings settings, IReadOnlyList<LeftOutRun>? leftOut = null,
        AnalysisSettings? analysisSettings = null, int forecastResamples = StoppingReplay.ForecastResamples)
    {
        var replay = StoppingReplay.Run(runs, settings, forecastResamples);
        var full = AnalysisPipeline.Analyze(runs, analysisSettings, leftOut: leftOut);
        var replayed = AnalysisPipeline.Analyze(replay.Runs, analysisSettings, leftOut: leftOut);
        var notes = new List<string>
        {
            $"policy {settings.Policy}, minFraction {settings.MinFraction:0.###}: {replay.Stops.Count} of {runs.Count} runs stopped; each export replayed as one sweep whose runs start together on equal slots.",
            "stopped scaling runs enter the replayed analyses with their forecast final loss as final loss (its 95% interval as its noise); stopped M(E)/MD(E) runs with their curve up to the stop, which holds their best.",
        };
        notes.AddRange((replayed.Notes ?? []).Where(n => !(full.Notes ?? []).Contains(n)).Select(n => "replay: " + n));
        var saved = replay.FlopsFull > 0 ? 1 - replay.FlopsUsed / replay.FlopsFull : 0;
        return new ReplayReport(replay.FlopsUsed, replay.FlopsFull, saved, ReplayDecisions.Compare(full, replayed))
        {
            Stops = replay.Stops,
            Notes = notes,
        };
    }
}

/// <summary>The decisions a replay can change, full study against replay: IsoFLOP optima, the compute-optimal line, the speedups.</summary>
public static class ReplayDecisions
{
    public static IReadOnlyList<ReplayDecision> Compare(ExperimentAnalyses full, ExperimentAnalyses replayed)
    {
        var decisions = new List<ReplayDecision>();
        foreach (var p in full.IsoFlop ?? [])
        {
            var r = Nearest(replayed.IsoFlop ?? [], q => q.Fit.Budget, p.Fit.Budget);
            decisions.Add(Decision($"IsoFLOP optimum N* (params) at {EarlyStopping.Flops(p.Fit.Budget)} FLOPs", p.Fit.OptimalParams, r?.Fit.OptimalParams, p.OptimalParamsInterval, p.Basis));
        }
        foreach (var b in full.ComputeOptimal?.Budgets ?? [])
        {
            var r = Nearest(replayed.ComputeOptimal?.Budgets ?? [], q => q.Flops, b.Flops);
            decisions.Add(Decision($"compute-optimal tokens per parameter at {EarlyStopping.Flops(b.Flops)} FLOPs", b.TokensPerParam, r?.TokensPerParam, b.TokensPerParamInterval,
                full.ComputeOptimal!.Intervals?.Basis));
        }
        var replayedCells = Cells(replayed.Speedups).ToDictionary(c => c.Key, c => c.Mean);
        foreach (var cell in Cells(full.Speedups))
        {
            var (dModel, parameters, epochs, dropout) = cell.Key;
            decisions.Add(Decision($"speedup of {(dropout > 0 ? "SD" : "S")} over {(dropout > 0 ? "MD" : "M")}(E={epochs}) at d = {dModel} ({parameters / 1e6:0.##}M params)",
                cell.Mean, replayedCells.GetValueOrDefault(cell.Key), cell.Interval, cell.Basis));
        }
        return decisions;
    }

    /// <summary>Whether <paramref name="value"/> lies in <paramref name="interval"/> (a null end open); null without an interval.</summary>
    public static bool? Inside(double? value, double?[]? interval)
    {
        if (interval is not [var lo, var hi]) return null;
        return value is { } v && double.IsFinite(v) && (lo is not { } l || v >= l) && (hi is not { } h || v <= h);
    }

    /// <summary>Both none (a speedup whose S never reached M's best, in the full study and the replay) is the same decision: inside.</summary>
    private static ReplayDecision Decision(string analysis, double? full, double? replayed, double?[]? interval, IntervalBasis? basis) =>
        new(analysis, full, replayed, full is null && replayed is null ? true : Inside(replayed, interval)) { Interval = interval, Basis = basis };

    private static T? Nearest<T>(IEnumerable<T> items, Func<T, double> flops, double target) where T : class =>
        items.Where(i => Math.Abs(Math.Log(flops(i) / target)) <= ComputeBudgets.Tolerance).MinBy(i => Math.Abs(Math.Log(flops(i) / target)));

    /// <summary>Each Table 2 cell (size, E, dropout): its mean speedup over its seeds (null when a seed's S never reached M's best) and interval.</summary>
    private static IEnumerable<((int DModel, long Params, int Epochs, double Dropout) Key, double? Mean, double?[]? Interval, IntervalBasis? Basis)> Cells(IReadOnlyList<SpeedupRow> rows) =>
        rows.GroupBy(r => (r.DModel, r.Params, r.Epochs, r.Dropout)).Select(g => (g.Key,
            g.All(r => r.Result.Speedup is not null) ? g.Average(r => r.Result.Speedup!.Value) : (double?)null,
            g.First().CellInterval, g.First().CellBasis));
}
