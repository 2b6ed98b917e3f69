// Query OrleansScaling's grains directly through the Orleans client, from a .NET 10 file-based app:
//   cd examples && dotnet run query.cs                 # every experiment, its runs and their best test loss
//   cd examples && dotnet run query.cs EXPERIMENT_ID   # one experiment, and its first run's curve as CSV
// It connects like osc does (docs/cli.md): the local silo by default; a cluster with OrleansScaling__Mode=Cluster
// and OrleansScaling__StorageConnectionString in the environment.
#:project ../src/OrleansScaling.Client/OrleansScaling.Client.csproj
#:package Microsoft.Extensions.Configuration.EnvironmentVariables@10.0.5
// The repository pins versions centrally (Directory.Packages.props); this script names its own, so it reads the same anywhere.
#:property ManagePackageVersionsCentrally=false
// File-based apps default to native AOT, whose DI refuses the open generic services Orleans' networking resolves.
#:property PublishAot=false
using Microsoft.Extensions.Configuration;
using OrleansScaling.Client;
using OrleansScaling.Hosting;
using OrleansScaling.Contracts;
using OrleansScaling.Science.Curves;

var options = ScalingOptions.From(new ConfigurationBuilder().AddEnvironmentVariables().Build());
await using var connection = await ScalingClientConnector.ConnectAsync(options);
var grains = connection.ClusterClient;

// The experiment catalog is a single grain (key 0); each experiment and each run is a grain of its own.
var experiments = await grains.GetGrain<IExperimentCatalogGrain>(0).List();
var wanted = args.Length > 0 ? experiments.Where(e => e.ExperimentId == args[0]).ToList() : experiments;
if (args.Length > 0 && wanted.Count == 0)
{
    Console.Error.WriteLine($"no experiment '{args[0]}'; known: {string.Join(", ", experiments.Select(e => e.ExperimentId))}");
    return 3;
}

foreach (var summary in wanted)
{
    var view = await grains.GetGrain<IExperimentGrain>(summary.ExperimentId).GetView();
    Console.WriteLine($"{summary.ExperimentId} \"{summary.Name}\" {summary.Kind} {summary.Status}: {summary.RunsFinished}/{summary.Runs} runs done");
    foreach (var run in view?.Runs ?? [])
        Console.WriteLine($"  {run.Key,-28} {run.Parameters,12:N0} params  {run.Status,-9}  best test loss {run.Progress.BestTestLoss:0.000} nats");
}

if (args.Length > 0 && (await grains.GetGrain<IExperimentGrain>(args[0]).GetView())?.Runs is [var first, ..])
{
    // A run's curve straight from its grain: every evaluation, in order, each iteration once.
    var curve = await grains.GetGrain<ITrainingRunGrain>(first.RunId).GetCurve(fromIteration: 0);
    Console.WriteLine();
    Console.Write(CurveCsv.ToCsv(curve));
}
return 0;
