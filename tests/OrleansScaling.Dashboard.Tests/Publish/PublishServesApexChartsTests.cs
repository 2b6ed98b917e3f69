using System.Diagnostics;
using System.Text.Json;
using OrleansScaling.TestSupport;

namespace OrleansScaling.Dashboard.Tests.Publish;

/// <summary>
/// A clean `dotnet publish` must serve the ApexCharts file the build copies into wwwroot: static-asset discovery
/// misses files that appear during the build unless the target adds them as Content. "Clean" matters, since a file
/// left in wwwroot by an earlier build would be found anyway: so the dashboard and what it builds on are copied to
/// a temporary folder without bin, obj, node_modules or wwwroot/lib, and published from there.
/// </summary>
public sealed class PublishServesApexChartsTests
{
    private static readonly string[] Sources = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "build", "src", "dashboard"];
    private static readonly string[] Skipped = ["bin", "obj", "node_modules", Path.Combine("wwwroot", "lib")];

    [Fact]
    public async Task A_clean_publish_contains_apexcharts_and_its_static_asset_endpoint()
    {
        var copy = Directory.CreateTempSubdirectory("osc-dashboard-publish-").FullName;
        try
        {
            foreach (var source in Sources) Copy(Path.Combine(RepositoryPaths.Root, source), Path.Combine(copy, source));
            Assert.False(Directory.Exists(Path.Combine(copy, "dashboard", "wwwroot", "lib")));
            var output = Path.Combine(copy, "out");

            var (exitCode, log) = await Run("dotnet", $"publish dashboard -c Release -o \"{output}\" -nologo -clp:ErrorsOnly", copy);
            Assert.True(exitCode == 0, log);

            Assert.True(File.Exists(Path.Combine(output, "wwwroot", "lib", "apexcharts", "apexcharts.min.js")), "apexcharts.min.js is not in the publish output's wwwroot");
            Assert.True(File.Exists(Path.Combine(output, "wwwroot", "js", "charts.js")));
            using var endpoints = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "OrleansScaling.Dashboard.staticwebassets.endpoints.json")));
            var routes = endpoints.RootElement.GetProperty("Endpoints").EnumerateArray().Select(e => e.GetProperty("Route").GetString()).ToHashSet();
            Assert.Contains("lib/apexcharts/apexcharts.min.js", routes);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void Copy(string source, string target)
    {
        if (File.Exists(source))
        {
            File.Copy(source, target);
            return;
        }
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var folder in Directory.EnumerateDirectories(source))
        {
            var relative = Path.GetRelativePath(source, folder);
            if (Skipped.Any(skip => folder.EndsWith(Path.DirectorySeparatorChar + skip, StringComparison.Ordinal))) continue;
            Copy(folder, Path.Combine(target, relative));
        }
    }

    private static async Task<(int ExitCode, string Log)> Run(string file, string arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Never leave a build running past the test: it would hold files and cores for the rest of the suite.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{file} {arguments}` did not finish within 10 minutes; killed.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
