using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Dashboard.Tests.Fakes;

/// <summary>A predictable stand-in for the science planner: one run per width and regime, 1,000 iterations by default.</summary>
public static class FakePlanner
{
    public static SweepPlan Plan(SweepRequest request)
    {
        var widths = request.DModels ?? [128];
        var regimes = request.Kind == SweepKind.PaperComparison
            ? new[] { (1, 0.0) }.Concat((request.EpochsList ?? [5]).Select(e => (e, 0.0))).ToList()
            : [(1, 0.0)];
        var runs = (from d in widths
                    from regime in regimes
                    from seed in request.Seeds ?? [1]
                    let shape = new ModelShape(d, request.Layers, Math.Max(d / 64, 1), request.Context, 256)
                    let spec = new RunSpec(shape, request.BatchSize, request.Iterations > 0 ? request.Iterations : 1000,
                        Epochs: regime.Item1, Dropout: regime.Item2, Corpus: request.Corpus, Seed: seed)
                    select new PlannedRun($"d{d}-{spec.Regime}-seed{seed}", spec, shape.Parameters, shape.FlopsPerToken,
                        shape.FlopsPerToken * spec.TotalTokens)).ToList();
        return new SweepPlan(request, runs, ["fake planner: one run per width and regime"]);
    }
}
