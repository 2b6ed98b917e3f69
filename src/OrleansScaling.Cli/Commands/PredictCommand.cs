using OrleansScaling.Cli.Infrastructure;
using static OrleansScaling.Cli.Commands.PlanText;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc predict`: the loss a saved parametric fit predicts for a model size and token count, with its interval.</summary>
public sealed class PredictCommand : ICommand
{
    public string Name => "predict";
    public string Summary => "predict a run's final loss, with a 95% interval, from a saved bootstrapped fit";
    public string Usage => """
        osc predict --fit FIT.json --params P --tokens T [--json]
          FIT.json: the output of `osc analyze fit --points RUNS.csv --bootstrap N --json`. Prints the point fit's loss
          L(P, T) and the 95% prediction interval for a measured run (the bootstrap samples plus the fits' run scatter).
        """;

    public Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var fitPath = args.Required("fit");
        var parameters = Positive(args, "params", "a parameter count such as 3.7e6");
        var tokens = Positive(args, "tokens", "a token count such as 1e8");
        var json = args.Json;
        PlanCommand.RejectUnknown(args, Name);
        var p = FitFile.Read(fitPath).Predict(parameters, tokens);
        output.WriteLine(json ? Json.Serialize(p) : Invariant(
            $"predicted loss {p.Loss:F4}{AnalyzeFits.Iv(p.Interval, "F4")} nats for {p.Params:N0} parameters on {p.Tokens:N0} tokens ({p.Flops:G3} FLOPs; 95% prediction interval)"));
        return Task.FromResult(ExitCodes.Success);
    }

    private static double Positive(CliArgs args, string name, string example)
    {
        var value = args.Double(name) ?? throw CliException.BadInput($"--{name} is required ({example}).");
        return value > 0 && double.IsFinite(value) ? value : throw CliException.BadInput($"--{name} must be positive, {example} (got {value}).");
    }
}
