using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansScaling.Cli.Commands;
using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Client;
using OrleansScaling.Hosting;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.TestSupport;

namespace OrleansScaling.Dashboard.Tests.BadInput;

/// <summary>
/// The whole local system, real: the dashboard on 127.0.0.1:0 co-hosting a silo with file storage under a fresh data
/// folder (one CPU slot offering the bundled corpora and one tiny folder under its corpus root; no run is ever launched),
/// and `osc` verbs connected to that silo's gateway. What any bad input
/// stored would show up as a new file there or as an experiment in the catalog.
/// </summary>
public sealed class BadInputSystem : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("osc-bad-input-").FullName;
    public string DataDirectory => Path.Combine(Root, "data");
    public string OfferedCorpus => Path.Combine(Root, "corpora", "tiny");
    public WebApplication App { get; private set; } = default!;
    public HttpClient Http { get; private set; } = default!;
    public IScalingClient Client => App.Services.GetRequiredService<IScalingClient>();
    private ScalingOptions _options = default!;

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        Directory.CreateDirectory(OfferedCorpus);
        await File.WriteAllLinesAsync(Path.Combine(OfferedCorpus, "tiny.txt"), Enumerable.Range(0, 50).Select(i => $"line {i} of a tiny corpus."));
        _options = new ScalingOptions
        {
            DataDirectory = DataDirectory, SiloPort = ports[0], GatewayPort = ports[1], ClusterId = $"bad-input-{Guid.NewGuid():N}",
        };
        App = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            $"--OrleansScaling:DataDirectory={DataDirectory}", $"--OrleansScaling:SiloPort={ports[0]}",
            $"--OrleansScaling:GatewayPort={ports[1]}", $"--OrleansScaling:ClusterId={_options.ClusterId}",
            "--OrleansScaling:Workers:CpuSlots=1", "--OrleansScaling:Workers:GpuSlots=0",
            $"--OrleansScaling:Workers:CorpusRoots:0={Path.GetDirectoryName(OfferedCorpus)}",
        ]);
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(App.Urls.Single()) };
    }

    /// <summary>Every file under the data folder, to compare before and after an input.</summary>
    public IReadOnlySet<string> StoredFiles() =>
        Directory.Exists(DataDirectory) ? Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories).ToHashSet() : new HashSet<string>();

    /// <summary>Runs `osc ARGS` in process against this system (or against <paramref name="settings"/>), capturing stderr.</summary>
    public async Task<(int Code, string Text)> Osc(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        IClusterConnector connector = settings is null
            ? new OrleansClusterConnector(_options)
            : new OrleansClusterConnector(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        ICommand[] commands = [new TrainCommand(TextWriter.Null), new SweepCommand(connector, TextWriter.Null), new ExperimentsCommand(connector)];
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandRouter.RunAsync(commands, args, output, error);
        return (code, error.ToString());
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
