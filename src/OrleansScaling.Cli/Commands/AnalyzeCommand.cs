using OrleansScaling.Cli.Infrastructure;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc analyze speedup|powerlaw|forecast|frontier|isoflop|fit`: the paper's analyses on curve CSV files, no cluster.</summary>
public sealed class AnalyzeCommand : ICommand
{
    public string Name => "analyze";
    public string Summary => "speedup, power law, final-loss forecast, compute frontier, IsoFLOP and parametric fits from curve CSVs";
    public string Usage => """
        osc analyze speedup --s S.csv --m M.csv [--s S2.csv --m M2.csv ...] [--bootstrap N] [--seed S] [--json]
          Iterations M needs to reach its best test loss ÷ the iteration (log-log interpolated) at which S reaches it;
          one --s and --m per seed, paired in order (the mean over pairs); --bootstrap adds a 95% interval.
        osc analyze powerlaw --curve X.csv [--from I] [--form power|irreducible] [--bootstrap N] [--seed S] [--json]
          Fits log L = log C − b·log I over the linear log-log region (warmup and plateau skipped; --from overrides);
          --form irreducible fits L = E + A·I^(−b) instead.
        osc analyze forecast --curve X.csv --iterations I [--schedule constant|cosine] [--lr LR] [--warmup W]
                             [--bootstrap N] [--seed S] [--json]
          The final test loss at iteration I with a 95% interval, from the curve so far and the run's learning-rate
          schedule (the annealing law L = L0 + A·S1^(−α) − C·S2; the CSV's learningRate column is used where present;
          schedule, rate and warmup default to what the curve shows). --bootstrap: resamples of the fit (default 200).
        osc analyze frontier --curve A.csv --params PA --curve B.csv --params PB ... --tokens-per-iteration C [--json]
          The lower envelope of test loss against FLOPs: per size the iterations (and tokens/param) where it is lowest,
          their overlap and its geometric mean; null marks an open upper end.
        osc analyze isoflop --points RUNS.csv [--bootstrap N] [--seed S] [--json]
          Chinchilla approach 2: per budget, a parabola of final loss against ln(params) → optimal params and tokens.
        osc analyze fit --points RUNS.csv [--budget FLOPS ...] [--bootstrap N] [--seed S] [--json]
                        [--exclude-highest-loss K] [--holdout-above FLOPS]
          Chinchilla approach 3: L(N, D) = E + A/N^α + B/D^β (Huber δ = 1e-3 on ln L, L-BFGS from a grid of starts);
          with --budget, the optimal params, tokens and tokens/param at those FLOPs. Outliers (beyond 3 robust SDs)
          are listed. --exclude-highest-loss leaves out the K highest losses; --holdout-above fits on the runs at or
          below FLOPS (6·N·D) and predicts the others with 95% intervals (--bootstrap N, default 200).
        --bootstrap N: 95% intervals from N seeded resamples (docs/science.md says what each analysis resamples).
        Curves: CSV with a header; iteration, tokens, flops, testLoss read by name, other columns ignored.
        RUNS.csv: one row per finished run with the columns params, tokens, loss (and budget, in FLOPs, for isoflop).
        """;

    public Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var analysis = args.Positionals.Count == 1 ? args.Positionals[0] : null;
        Func<CliArgs, AnalysisOutput> run = analysis switch
        {
            "speedup" => AnalyzeCurves.Speedup,
            "powerlaw" => AnalyzeCurves.PowerLaw,
            "forecast" => AnalyzeCurves.Forecast,
            "frontier" => AnalyzeCurves.Frontier,
            "isoflop" => AnalyzeFits.IsoFlop,
            "fit" => AnalyzeFits.Parametric,
            _ => throw CliException.BadInput($"name one analysis: speedup, powerlaw, forecast, frontier, isoflop or fit (got {(args.Positionals.Count == 0 ? "none" : string.Join(" ", args.Positionals))})."),
        };
        var json = args.Json;
        AnalysisOutput result;
        try
        {
            result = run(args);
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput(PlanText.Plain(e));
        }
        PlanCommand.RejectUnknown(args, $"{Name} {analysis}");
        output.WriteLine(json ? result.Json() : result.Text());
        return Task.FromResult(ExitCodes.Success);
    }
}

/// <summary>An analysis' result, ready to print either way.</summary>
internal sealed record AnalysisOutput(Func<string> Json, Func<string> Text);
