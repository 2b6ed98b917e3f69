using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace OrleansScaling.Training.Runtime;

/// <summary>What <see cref="LibTorch.UseDirectory"/> found: where libtorch came from, its version and how that compares.</summary>
/// <param name="Directory">The folder the libtorch libraries were loaded from.</param>
/// <param name="Version">The version its PyTorch or libtorch install declares (e.g. "2.11.0+cu130"); null when none is found.</param>
/// <param name="Cuda">The CUDA version that PyTorch was built for ("13.0"), null for CPU builds or when unknown.</param>
/// <param name="Loaded">The libraries loaded, in load order (file names).</param>
public sealed record LibTorchInfo(string Directory, string? Version, string? Cuda, IReadOnlyList<string> Loaded)
{
    /// <summary>True when the version is known and its major.minor.patch is the one TorchSharp was built against.</summary>
    public bool MatchesTorchSharp => Version is not null && LibTorch.ReleaseOf(Version) == LibTorch.TorchSharpLibTorchVersion;

    /// <summary>One line for a log or the console: the folder, the version and whether it is the one TorchSharp expects.</summary>
    public string Describe() =>
        $"libtorch {Version ?? "(version unknown)"}{(Cuda is null ? "" : $" (CUDA {Cuda})")} from {Directory}: " +
        (Version is null
            ? $"no version file found beside it (torch/version.py or build-version); TorchSharp {LibTorch.TorchSharpVersion} was built against libtorch {LibTorch.TorchSharpLibTorchVersion}"
            : MatchesTorchSharp
                ? $"the version TorchSharp {LibTorch.TorchSharpVersion} was built against"
                : $"DIFFERS from libtorch {LibTorch.TorchSharpLibTorchVersion}, which TorchSharp {LibTorch.TorchSharpVersion} was built against; " +
                  $"if anything fails, install PyTorch {LibTorch.TorchSharpLibTorchVersion}");
}

/// <summary>libtorch could not be loaded from the folder given; the message names the library and the missing symbol.</summary>
/// <param name="NotALibTorchFolder">True when the folder is missing or holds no libtorch (bad input rather than a load failure).</param>
public sealed class LibTorchLoadException(string message, bool NotALibTorchFolder = false) : Exception(message)
{
    public bool NotALibTorchFolder { get; } = NotALibTorchFolder;
}

/// <summary>
/// Loads libtorch from a folder chosen at run time (an installed PyTorch's torch/lib, or an unpacked libtorch), so the
/// engine trains on it without LD_LIBRARY_PATH, in a build that ships no libtorch (-p:TorchDevice=none). The dynamic linker resolves a library's dependencies by soname against
/// what the process has already loaded: once libc10.so, libtorch_cpu.so (and libtorch_cuda.so) are loaded here by full
/// path, TorchSharp's own libLibTorchSharp.so binds to them. So this must run before anything touches TorchSharp.
/// Native libraries are process-wide by nature: one libtorch per process, and asking for a second folder is an error.
/// </summary>
public static class LibTorch
{
    /// <summary>The TorchSharp package this build uses, and the libtorch release it was compiled against.</summary>
    public const string TorchSharpVersion = "0.107.0";
    public const string TorchSharpLibTorchVersion = "2.10.0";

    /// <summary>The libtorch libraries, dependencies first; the CUDA ones exist only in CUDA builds of PyTorch.</summary>
    private static readonly string[] LoadOrder = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    private static readonly Lock Gate = new();
    private static LibTorchInfo? _loaded;

    /// <summary>
    /// True when libtorch sits in the app folder (a -p:TorchDevice=cpu or cuda build). TorchSharp loads libtorch_cpu.so by
    /// name and .NET looks in the app folder first, so such a build always uses its own: a second libtorch_cpu.so from
    /// another folder would register every operator twice (measured: an abort inside dlopen). Builds with
    /// -p:TorchDevice=none ship none, and TorchSharp then binds, by soname, to what <see cref="UseDirectory"/> loaded.
    /// </summary>
    public static bool BundledWithApp => File.Exists(Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so"));

    /// <summary>The folder libtorch was loaded from in this process, or null when it comes from the app folder.</summary>
    public static LibTorchInfo? Loaded { get { lock (Gate) return _loaded; } }

    /// <summary>
    /// Loads libtorch from <paramref name="directory"/> and checks that TorchSharp's native library binds to it.
    /// Idempotent for the same folder; throws <see cref="LibTorchLoadException"/> naming the missing library or symbol.
    /// </summary>
    public static LibTorchInfo UseDirectory(string directory)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        lock (Gate)
        {
            if (_loaded is not null)
                return _loaded.Directory == full ? _loaded
                    : throw new LibTorchLoadException($"libtorch is already loaded from {_loaded.Directory} in this process; one process uses one libtorch (asked for {full}).");
            if (!System.IO.Directory.Exists(full))
                throw new LibTorchLoadException($"libtorch folder {full} does not exist; give the folder holding libtorch_cpu.so (for PyTorch: python3 -c 'import torch, os; print(os.path.dirname(torch.__file__) + \"/lib\")').", NotALibTorchFolder: true);
            if (!File.Exists(Path.Combine(full, "libtorch_cpu.so")))
                throw new LibTorchLoadException($"libtorch folder {full} has no libtorch_cpu.so; give the folder holding libtorch_cpu.so and libc10.so (a PyTorch install's torch/lib).", NotALibTorchFolder: true);

            if (BundledWithApp && full != Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))
                throw new LibTorchLoadException(
                    $"this program ships its own libtorch ({Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so")}); TorchSharp would load it " +
                    $"beside the one in {full} and abort. Use a build without libtorch: the GPU check package (scripts/gpu-check.sh pack), " +
                    "or dotnet publish with -p:TorchDevice=none.", NotALibTorchFolder: true);
            var (version, cuda) = ReadVersion(full);
            var loaded = new List<string>();
            foreach (var name in LoadOrder)
            {
                string path = Path.Combine(full, name);
                if (!File.Exists(path)) continue;
                Open(path, version);
                loaded.Add(name);
            }
            // TorchSharp's own native library, from the app folder: loading it now binds every symbol it needs
            // (RTLD_NOW), so a libtorch of another version fails here with the symbol named, not later in a tensor call.
            string shim = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
            if (File.Exists(shim)) { Open(shim, version); loaded.Add("libLibTorchSharp.so"); }
            return _loaded = new LibTorchInfo(full, version, cuda, loaded);
        }
    }

    /// <summary>
    /// The version a libtorch folder declares: a PyTorch install's torch/version.py (the folder's parent), or a libtorch
    /// download's build-version file (in the folder's parent). (null, null) when neither is there.
    /// </summary>
    public static (string? Version, string? Cuda) ReadVersion(string directory)
    {
        string parent = Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd('/')) ?? directory;
        string versionPy = Path.Combine(parent, "version.py");
        if (File.Exists(versionPy))
        {
            string text = File.ReadAllText(versionPy);
            string? cuda = Match(text, @"^cuda\s*(?::\s*[^=]+)?=\s*['""]([^'""]+)['""]");
            return (Match(text, @"^__version__\s*(?::\s*[^=]+)?=\s*['""]([^'""]+)['""]"), cuda);
        }
        string buildVersion = Path.Combine(parent, "build-version");
        if (File.Exists(buildVersion))
        {
            string version = File.ReadAllText(buildVersion).Trim();
            return (version.Length == 0 ? null : version, null);
        }
        return (null, null);
    }

    /// <summary>"2.11.0+cu130" → "2.11.0": the release a version string names.</summary>
    public static string ReleaseOf(string version) => version.Split('+', '-', ' ')[0];

    private static string? Match(string text, string pattern)
    {
        var match = Regex.Match(text, pattern, RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static void Open(string path, string? version)
    {
        // dlerror is read right after dlopen: both are bound before the call (the first call of a P/Invoke resolves it,
        // which would clear the error to report).
        dlerror();
        if (dlopen(path, RtldNow | RtldGlobal) != IntPtr.Zero) return;
        string reason = Marshal.PtrToStringUTF8(dlerror()) ?? "unknown error";
        string seen = version is null ? "a libtorch of unknown version" : $"libtorch {version}";
        throw new LibTorchLoadException(
            $"could not load {path}: {reason}. " +
            $"TorchSharp {TorchSharpVersion} was built against libtorch {TorchSharpLibTorchVersion} and this folder holds {seen}; " +
            $"install PyTorch {TorchSharpLibTorchVersion} (pip install torch=={TorchSharpLibTorchVersion}) and pass its torch/lib folder.");
    }

    private const int RtldNow = 0x2, RtldGlobal = 0x100;

    [DllImport("libc.so.6", EntryPoint = "dlopen")]
    private static extern IntPtr dlopen([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int mode);

    [DllImport("libc.so.6", EntryPoint = "dlerror")]
    private static extern IntPtr dlerror();
}
