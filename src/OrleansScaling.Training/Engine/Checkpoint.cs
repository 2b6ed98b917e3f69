using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Engine;

/// <summary>
/// Everything a run needs to continue exactly, in ONE file: the spec it belongs to, counters, the sampler's position,
/// the training-loss accumulator, the curve so far, the run's own random generator's state (dropout masks), then the model's and
/// the optimizer's tensors in TorchSharp's own format. Written to a temporary file and renamed, so a crash mid-write
/// leaves the previous checkpoint intact.
/// </summary>
public sealed record Checkpoint(
    string SpecJson,
    long Iteration,
    long SamplerPosition,
    double WallSeconds,
    double TrainLossSum,
    long TrainLossCount,
    long LastEvaluationIteration,
    double LastEvaluationWallSeconds,
    IReadOnlyList<CurvePoint> Curve,
    byte[] RandomState)
{
    // Version 2: RandomState is the run's own generator. Version 1 (same layout) held libtorch's global generator, shared
    // by every run in a process; such a checkpoint still resumes, with the run's generator reseeded (see IsLegacy).
    private const string Magic = "OrleansScaling.Checkpoint/2";
    private const string LegacyMagic = "OrleansScaling.Checkpoint/1";

    /// <summary>Written by an engine before run-owned generators: its random state is not the run's own.</summary>
    public bool IsLegacy { get; private init; }

    /// <summary>The trunk's checkpoint at a cooldown branch's fork (read for the branch): the curve is the trunk's up to there.</summary>
    public bool IsFork { get; private init; }

    /// <summary>The checkpoint's JSON (spec, curve): NaN and ±∞ as the named literals, so no value stops a checkpoint.</summary>
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string SpecToJson(RunSpec spec) => JsonSerializer.Serialize(spec, JsonOptions);

    public void Write(string path, nn.Module model, OptimizerHelper optimizer)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(Magic);
            writer.Write(SpecJson);
            writer.Write(Iteration);
            writer.Write(SamplerPosition);
            writer.Write(WallSeconds);
            writer.Write(TrainLossSum);
            writer.Write(TrainLossCount);
            writer.Write(LastEvaluationIteration);
            writer.Write(LastEvaluationWallSeconds);
            writer.Write(JsonSerializer.Serialize(Curve, JsonOptions));
            writer.Write(RandomState.Length);
            writer.Write(RandomState);
            model.save(writer);
            optimizer.save_state_dict(writer);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint and loads its tensors into <paramref name="model"/> and <paramref name="optimizer"/>.</summary>
    public static Checkpoint Read(string path, nn.Module model, OptimizerHelper optimizer, RunSpec expected)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"checkpoint \"{path}\" does not exist; resume from a file this engine wrote.", "resumeFrom");
        using var reader = new BinaryReader(File.OpenRead(path));
        string magic = reader.ReadString();
        if (magic != Magic && magic != LegacyMagic)
            throw new ArgumentException($"\"{path}\" is not an OrleansScaling checkpoint.", "resumeFrom");
        string specJson = reader.ReadString();
        // Compared as specs, not as text: a checkpoint written before a field was added (e.g. Precision) holds its
        // default, and resumes. Another spec is accepted only as a cooldown branch's trunk, at the branch's fork.
        var written = JsonSerializer.Deserialize<RunSpec>(specJson, JsonOptions);
        bool fork = written != expected && written is not null && Branching.CanStartFrom(expected, written);
        if (written != expected && !fork)
            throw new ArgumentException($"checkpoint \"{path}\" belongs to a different run spec ({specJson}); resume a run only with its own spec, or branch from its trunk.", "resumeFrom");
        var checkpoint = new Checkpoint(specJson, reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(),
            reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(),
            JsonSerializer.Deserialize<CurvePoint[]>(reader.ReadString(), JsonOptions) ?? [],
            reader.ReadBytes(reader.ReadInt32())) { IsLegacy = magic == LegacyMagic, IsFork = fork };
        if (fork && checkpoint.Iteration != Branching.ForkIteration(expected))
            throw new ArgumentException($"checkpoint \"{path}\" is its trunk's at iteration {checkpoint.Iteration}, but this branch forks at {Branching.ForkIteration(expected)}.", "resumeFrom");
        model.load(reader);
        optimizer.load_state_dict(reader);
        return checkpoint;
    }

    public static byte[] CaptureRandomState(Generator random)
    {
        using Tensor state = random.get_state();
        return state.bytes.ToArray();
    }

    /// <summary>Puts the run's generator where it was at this checkpoint. A legacy checkpoint has no state of the run's
    /// own: the generator is reseeded from the seed and iteration, so its resume is deterministic, but its dropout masks
    /// after the checkpoint are not those of an uninterrupted run.</summary>
    public void RestoreRandomState(Generator random, long seed)
    {
        if (IsLegacy)
        {
            random.manual_seed(seed ^ unchecked(Iteration * (long)0x9E3779B97F4A7C15UL));
            return;
        }
        using Tensor state = torch.tensor(RandomState, dtype: uint8);
        random.set_state(state);
    }
}
