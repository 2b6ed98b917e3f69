using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Reports;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc report`: redraws a study's PNG figures and markdown tables from its saved CSVs; no training, no cluster.</summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";
    public string Summary => "redraw a study's figures (PNG) and tables (markdown) from exported CSVs, without training";
    public string Usage => """
        osc report --data DIR --out DIR [--json]
          DIR (--data) is one `osc export ID --format csv` (runs.csv and curves/KEY.csv) or a folder of them, one per
          subfolder (e.g. comparison/ and isoflop-*/), pooled; the analyses are those the experiment grain publishes.
          Writes curves-dD.png per size (Figure 1 analog), flops-frontier.png (Figure 2 analog), isoflop.png and
          tables.md (runs, Table 2 speedups, dropout, power laws, Table 3 frontier, IsoFLOP, planner check, fit).
          --json prints {figures, tables, notes, analyses}.
        """;

    public Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var data = args.Required("data");
        var outDirectory = args.Required("out");
        var json = args.Json;
        PlanCommand.RejectUnknown(args, Name);
        ReportOutput report;
        try
        {
            report = StudyReport.Write(data, outDirectory);
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput(PlanText.Plain(e));
        }
        output.WriteLine(json ? Json.Serialize(report) : Text(report));
        return Task.FromResult(ExitCodes.Success);
    }

    private static string Text(ReportOutput report) =>
        string.Join('\n', report.Figures.Select(f => $"figure {f} ({new FileInfo(f).Length / 1024} kB)")
            .Append($"tables {report.Tables}")
            .Concat(report.Notes.Select(n => $"note: {n}")));
}
