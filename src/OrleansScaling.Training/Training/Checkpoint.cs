using System.Text.Json;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Training;

/// <summary>
/// Everything a run needs to continue exactly, in ONE file: the spec it belongs to, counters, the sampler's position,
/// the training-loss accumulator, the curve so far, the CPU random generator's state (dropout), then the model's and
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
    private const string Magic = "OrleansScaling.Checkpoint/1";

    public static string SpecToJson(RunSpec spec) => JsonSerializer.Serialize(spec);

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
            writer.Write(JsonSerializer.Serialize(Curve));
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
        if (reader.ReadString() != Magic)
            throw new ArgumentException($"\"{path}\" is not an OrleansScaling checkpoint.", "resumeFrom");
        string specJson = reader.ReadString();
        if (specJson != SpecToJson(expected))
            throw new ArgumentException($"checkpoint \"{path}\" belongs to a different run spec ({specJson}); resume a run only with its own spec.", "resumeFrom");
        var checkpoint = new Checkpoint(specJson, reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble(),
            reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(),
            JsonSerializer.Deserialize<CurvePoint[]>(reader.ReadString()) ?? [],
            reader.ReadBytes(reader.ReadInt32()));
        model.load(reader);
        optimizer.load_state_dict(reader);
        return checkpoint;
    }

    public static byte[] CaptureRandomState()
    {
        using Tensor state = torch.get_rng_state();
        return state.bytes.ToArray();
    }

    public void RestoreRandomState()
    {
        using Tensor state = torch.tensor(RandomState, dtype: uint8);
        torch.set_rng_state(state);
    }
}
