using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Science.Analysis.Bootstrap;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Cli.Commands;

/// <summary>
/// `osc plan`: the recipe at a budget P0·T0 — the shape whose T/P is closest to the target ratio; with --sweep, the
/// runs a whole sweep file would plan (the planner the cluster uses), without a cluster.
/// </summary>
/// <param name="limits">The sweep size limits (OrleansScaling:MaxRunsPerSweep), read when --sweep is planned.</param>
public sealed class PlanCommand(Func<SweepLimits>? limits = null) : ICommand
{
    public string Name => "plan";
    public string Summary => "choose the model size and iterations for a budget P0·T0 at T/P ≈ 5, or plan a sweep file";
    public string Usage => """
        osc plan --sweep SWEEP.json [--json]
          The runs a sweep file plans (the cluster's own planner, no cluster needed): key, the trunk a branch forks from
          (parentKey, forkIteration), shape, parameters, iterations, tokens, FLOPs and schedule, and the sweep's FLOPs
          with and without branching.
        osc plan --p0 P --t0 T [--ratio 5] [--tokens-per-iteration C] [--vocab 256] [--context 128] [--json]
          Budget P0·T0 (parameters × tokens); the planner picks the shape (d a multiple of 64, heads of size 64)
          and iteration count I (T = C·I) that keep P·T within the tolerance of P0·T0 with T/P closest to --ratio.
          --flops F              budget as training FLOPs instead of --p0/--t0 (P0·T0 = F / 6)
          --tokens-per-iteration C   batch × context (default 16 × context)
          --tolerance X          allowed budget error, a fraction (default 0.02 = ±2%)
          --min-layers L --max-layers L   depth range (default 1..48; d/L stays within 16..256)
          --tokens-per-second X  measured throughput, for wall-time estimates
          --candidates N         how many ranked candidates to list (default 10)
          --fit FIT.json         a bootstrapped fit (`osc analyze fit --bootstrap N --json`): each run's predicted final
                                 loss with its 95% prediction interval
        """;

    public async Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.String("sweep") is { } sweepPath) return await PlanSweep(args, sweepPath, output, cancellationToken);
        var request = Request(args);
        var json = args.Json;
        var fitPath = args.String("fit");
        RejectUnknown(args, Name);
        var fit = fitPath is null ? null : FitFile.Read(fitPath);
        RecipePlan plan;
        try
        {
            plan = RecipePlanner.Plan(request);
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput(PlanText.Plain(e));
        }
        Func<PlanCandidate, LossPrediction>? predict = fit is null ? null : c => fit.Predict(c.Params, c.Tokens);
        output.WriteLine(json ? Serialize(plan, predict) : PlanText.Render(plan, predict));
        return ExitCodes.Success;
    }

    private async Task<int> PlanSweep(CliArgs args, string path, TextWriter output, CancellationToken cancellationToken)
    {
        var json = args.Json;
        RejectUnknown(args, Name);
        var request = await SweepFile.LoadAsync(path, cancellationToken);
        SweepPlan plan;
        try
        {
            plan = SweepPlanner.Plan(request, limits?.Invoke());
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput($"{path}: {PlanText.Plain(e)}");
        }
        var view = SweepPlanView.From(plan);
        await output.WriteLineAsync(json ? Json.Serialize(view) : PlanText.Render(view));
        return ExitCodes.Success;
    }

    /// <summary>The plan's JSON; with --fit each candidate (and the chosen one) gains predictedLoss and predictedLossInterval.</summary>
    private static string Serialize(RecipePlan plan, Func<PlanCandidate, LossPrediction>? predict)
    {
        if (predict is null) return Json.Serialize(plan);
        var node = JsonSerializer.SerializeToNode(plan, Json.Options)!.AsObject();
        void Add(JsonNode target, PlanCandidate c)
        {
            var p = predict(c);
            target["predictedLoss"] = Json.Number(p.Loss);
            target["predictedLossInterval"] = new JsonArray(p.Interval.Select(v => v is { } x ? Json.Number(x) : null).ToArray());
        }
        Add(node["chosen"]!, plan.Chosen);
        var candidates = node["candidates"]!.AsArray();
        for (var i = 0; i < plan.Candidates.Count; i++) Add(candidates[i]!, plan.Candidates[i]);
        return node.ToJsonString(Json.Options);
    }

    private static RecipeRequest Request(CliArgs args)
    {
        var context = args.Int("context", 128);
        var flops = args.Double("flops");
        double p0, t0;
        if (flops is { } f)
        {
            if (args.String("p0") is not null || args.String("t0") is not null)
                throw CliException.BadInput("give the budget once: --p0 and --t0, or --flops, not both.");
            (p0, t0) = (f / 6, 1);
        }
        else
        {
            p0 = args.Double("p0") ?? throw CliException.BadInput("--p0 is required (the parameter count of the budget, e.g. 1e6), or give --flops.");
            t0 = args.Double("t0") ?? throw CliException.BadInput("--t0 is required (the token count of the budget, e.g. 5e6), or give --flops.");
        }
        var defaults = new ShapeSpace();
        return new RecipeRequest(
            P0: p0,
            T0: t0,
            TokensPerIteration: args.Long("tokens-per-iteration") ?? 16L * context,
            Vocab: args.Int("vocab", 256),
            Context: context,
            TargetRatio: args.Double("ratio", 5.0),
            BudgetTolerance: args.Double("tolerance", 0.02),
            Shapes: defaults with { MinLayers = args.Int("min-layers", defaults.MinLayers), MaxLayers = args.Int("max-layers", defaults.MaxLayers) },
            TokensPerSecond: args.Double("tokens-per-second"),
            MaxCandidates: args.Int("candidates", 10));
    }

    internal static void RejectUnknown(CliArgs args, string verb)
    {
        var unknown = args.Unread().ToArray();
        if (unknown.Length > 0)
            throw CliException.BadInput($"unknown option(s) {string.Join(", ", unknown.Select(u => "--" + u))}; see `osc {verb} --help`.");
    }
}
