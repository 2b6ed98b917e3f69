using System.Runtime.InteropServices;
using System.Text.Json;
using OrleansScaling.Cli.Tests.ClusterFakes;

namespace OrleansScaling.Cli.Tests;

/// <summary>The libtorch-cpu package's files, taken out of osc's build output into a folder of their own.</summary>
internal static class LibTorchFiles
{
    private static readonly string OscFolder = Path.GetDirectoryName(OscProcess.OscDll)!;

    /// <summary>
    /// Under <paramref name="root"/>: osc/ (osc's build output without the libtorch-cpu package's files, named by
    /// osc.deps.json) and libtorch/lib/ (those files; all of them only when <paramref name="complete"/>), with a
    /// libtorch/build-version file, the layout of a libtorch download. Linked, not copied, where the file system
    /// allows (libtorch_cpu.so is 460 MB). Without all of them, libgomp is the one left out: its name carries a hash, so no
    /// other libgomp on the machine can stand in for it (a system libc10.so, e.g. Debian's PyTorch, could).
    /// </summary>
    public static (string OscDll, string LibTorch) SplitOscBuild(string root, bool complete, string version)
    {
        string osc = Path.Combine(root, "osc"), lib = Path.Combine(root, "libtorch", "lib");
        Directory.CreateDirectory(osc);
        Directory.CreateDirectory(lib);
        var libtorchFiles = PackageFiles();
        foreach (var file in Directory.EnumerateFiles(OscFolder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(OscFolder, file);
            if (libtorchFiles.Contains(relative))
            {
                if (complete || !relative.StartsWith("libgomp", StringComparison.Ordinal)) LinkOrCopy(file, Path.Combine(lib, relative));
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(osc, relative))!);
            LinkOrCopy(file, Path.Combine(osc, relative));
        }
        File.WriteAllText(Path.Combine(root, "libtorch", "build-version"), version + "\n");
        return (Path.Combine(osc, "osc.dll"), lib);
    }

    /// <summary>Only the libtorch folder (no osc copy), for a package that brings its own osc.</summary>
    public static string LibTorchOnly(string root, bool complete, string version)
    {
        string lib = Path.Combine(root, "libtorch", "lib");
        Directory.CreateDirectory(lib);
        foreach (var name in PackageFiles())
            if (complete || !name.StartsWith("libgomp", StringComparison.Ordinal)) LinkOrCopy(Path.Combine(OscFolder, name), Path.Combine(lib, name));
        File.WriteAllText(Path.Combine(root, "libtorch", "build-version"), version + "\n");
        return lib;
    }

    /// <summary>The native files osc.deps.json lists for the libtorch-cpu-linux-x64 package.</summary>
    private static HashSet<string> PackageFiles()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(OscFolder, "osc.deps.json")));
        var files = new HashSet<string>();
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
            foreach (var package in target.Value.EnumerateObject())
                if (package.Name.StartsWith("libtorch-cpu-linux-x64/", StringComparison.Ordinal) && package.Value.TryGetProperty("native", out var native))
                    foreach (var file in native.EnumerateObject()) files.Add(Path.GetFileName(file.Name));
        Assert.Contains("libtorch_cpu.so", files);
        return files;
    }

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int link(string existing, string created);

    private static void LinkOrCopy(string source, string destination)
    {
        if (link(source, destination) != 0) File.Copy(source, destination);
    }
}
