namespace OrleansScaling.TestSupport;

/// <summary>Finds files of this repository from a test's output folder, wherever the checkout lives.</summary>
public static class RepositoryPaths
{
    private const string Marker = "OrleansScaling.sln";

    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, Marker)))
                return folder.FullName;
        throw new InvalidOperationException($"No {Marker} above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
