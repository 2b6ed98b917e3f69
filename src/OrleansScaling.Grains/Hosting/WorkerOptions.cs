using OrleansScaling.Hosting;

namespace OrleansScaling.Grains.Hosting;

/// <summary>This silo's worker slots (section "OrleansScaling:Workers"); docs/configuration.md lists each key.</summary>
public sealed class WorkerOptions
{
    public const string Section = "OrleansScaling:Workers";

    /// <summary>CPU slots: runs this silo trains at once on its CPU. 0 with no GPU makes a silo that only hosts grains.</summary>
    public int CpuSlots { get; set; } = 1;

    /// <summary>GPU slots; unset: one per GPU that torch.cuda finds. Set it to declare them without probing.</summary>
    public int? GpuSlots { get; set; }

    /// <summary>Memory a GPU slot advertises (bytes); shown on the cluster page.</summary>
    public long GpuMemoryBytes { get; set; }

    /// <summary>Intra-op threads per CPU run (one was fastest on a 2-core machine).</summary>
    public int ThreadsPerRun { get; set; } = 1;

    /// <summary>How long an idle slot waits before asking the scheduler again.</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>How often a running slot sends its new curve points and progress to the run grain.</summary>
    public double ReportSeconds { get; set; } = 0.25;

    /// <summary>Scratch folder for checkpoints being written or resumed; default: &lt;DataDirectory&gt;/work.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>Tokenized corpus caches shared by runs; default: &lt;DataDirectory&gt;/cache.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Folder holding the npm corpora (node_modules); unset: the engine searches upward from the app.</summary>
    public string? CorporaDirectory { get; set; }

    /// <summary>
    /// Folder to load libtorch from (e.g. an installed PyTorch's torch/lib), for a silo built with -p:TorchDevice=none;
    /// unset: the libtorch in the app folder. Loaded once, before any slot starts.
    /// </summary>
    public string? LibTorchDirectory { get; set; }

    /// <summary>
    /// Folders whose corpora this silo offers: each root and every folder directly inside it that holds text (or LM1B's
    /// layout), named by full path. A sweep may name only an offered corpus. Default: &lt;DataDirectory&gt;/corpora.
    /// </summary>
    public List<string> CorpusRoots { get; set; } = [];

    public void Validate()
    {
        if (CpuSlots < 0) throw new InvalidSettingException($"{Section}:CpuSlots must be >= 0 (got {CpuSlots}).");
        if (GpuSlots < 0) throw new InvalidSettingException($"{Section}:GpuSlots must be >= 0 (got {GpuSlots}).");
        if (ThreadsPerRun < 1) throw new InvalidSettingException($"{Section}:ThreadsPerRun must be >= 1 (got {ThreadsPerRun}).");
        if (PollSeconds <= 0) throw new InvalidSettingException($"{Section}:PollSeconds must be > 0 (got {PollSeconds}).");
        if (ReportSeconds <= 0) throw new InvalidSettingException($"{Section}:ReportSeconds must be > 0 (got {ReportSeconds}).");
    }
}
