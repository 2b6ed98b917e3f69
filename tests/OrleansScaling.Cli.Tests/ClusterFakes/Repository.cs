namespace OrleansScaling.Cli.Tests.ClusterFakes;

/// <summary>The repository's root, found from the test binaries upwards (examples/, docs/, docker-compose.yml).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OrleansScaling.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no OrleansScaling.sln above {AppContext.BaseDirectory}");
    }
}
