using OrleansScaling.Cli.Infrastructure;
using OrleansScaling.Hosting;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Runs;
using OrleansScaling.Science.Shapes;
using OrleansScaling.Training;
using OrleansScaling.Training.Runtime;

namespace OrleansScaling.Cli.Commands;

/// <summary>`osc train`: one run with the engine, no Orleans; progress on stderr, the curve as CSV, a summary on stdout.</summary>
/// <param name="progress">Where progress lines go (stderr), so stdout stays the summary.</param>
public sealed class TrainCommand(TextWriter? progress = null) : ICommand
{
    public string Name => "train";
    public string Summary => "train one run here, without a cluster: curve CSV and a summary";
    public string Usage => """
        osc train --d-model D --layers L --heads H --context N --batch B --iterations I [options] --out DIR [--json]
          Trains one GPT decoder in the paper's regimes: --epochs 1 is S (every token once), E > 1 is M(E);
          --dropout 0.1 gives SD / MD. Writes DIR/curve.csv and checkpoints in DIR/checkpoints; prints a summary
          (one JSON object with --json). Progress goes to stderr (--no-progress hides it). A run whose loss diverges
          (NaN, ±inf, or above 3 ln V) stops there: the curve up to it and the summary are written, stderr says
          "diverged at iteration N (loss x); lower the learning rate", and osc exits 1.
          --corpus brown|nlp|bundled|PATH   (default bundled; PATH: a folder of .txt files or LM1B's folder)
          --epochs E (1)  --dropout P (0)  --seed S (1)  --lr RATE (1e-3)  --warmup I (100)
          --schedule constant|cosine|wsd (constant): cosine decays to a tenth at the run's last iteration; wsd holds the
                 peak, then cools down to 0 over the last --cooldown-fraction F (0.2) of the iterations,
                 --cooldown-shape sqrt (1 − √progress, default) or linear; the curve's learningRate column shows it
          --tokenizer byte|gpt2|bpe2k (byte)  --weight-decay W (0)  --clip C (1)
          --evaluations N (40)  --eval-batches N (8)  --checkpoint-every I (100)  --resume CHECKPOINT
          --device cpu|cuda:N (cpu)  --threads N (1)  --cache DIR (~/.orleans-scaling/cache)
          --precision fp32|tf32|bf16 (fp32): tf32 = TF32 matrix products on CUDA; bf16 = bfloat16 compute, fp32 weights
          --libtorch DIR   load libtorch from DIR (e.g. an installed PyTorch's torch/lib) instead of osc's folder
        """;

    public async Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        RunSpec spec = Spec(args);
        string outDirectory = Path.GetFullPath(args.Required("out"));
        var environment = new TrainingEnvironment(
            CacheDirectory: args.String("cache") ?? Path.Combine(new ScalingOptions().DataDirectory, "cache"),
            CheckpointDirectory: Path.Combine(outDirectory, "checkpoints"),
            Device: args.String("device") ?? "cpu",
            Threads: args.Int("threads", 1));
        string? resume = args.String("resume");
        string? libTorch = args.String("libtorch");
        bool json = args.Json, quiet = args.Flag("no-progress");
        PlanCommand.RejectUnknown(args, Name);
        // The one set of rules for a run, before anything is created on disk.
        RunSpecValidation.Validate(spec);

        if (libTorch is not null) UseLibTorch(libTorch);
        else if (!LibTorch.BundledWithApp)
            throw CliException.BadInput("this osc ships no libtorch (built with -p:TorchDevice=none); pass --libtorch DIR, e.g. an installed PyTorch's torch/lib.");
        Directory.CreateDirectory(outDirectory);
        var listener = new TrainProgressWriter(quiet ? TextWriter.Null : progress ?? Console.Error, spec);
        // Ctrl+C (Program.cs cancels the token) stops the run at the next iteration with a checkpoint that
        // --resume continues exactly.
        TrainingResult result;
        string curvePath = Path.Combine(outDirectory, "curve.csv");
        try
        {
            result = await Task.Run(() => new TorchRunTrainer().Train(spec, environment, resume, listener, cancellationToken), CancellationToken.None);
        }
        catch (TrainingDivergedException e)
        {
            // A diverged run is a result: its curve up to the divergence and its summary (status "diverged") are
            // written like a finished run's; the exit status stays 1 so that `osc train && …` does not go on.
            if (e.Partial is { } partial)
            {
                CurveCsv.WriteFile(curvePath, partial.Curve);
                var stopped = TrainSummary.From(partial, curvePath, listener.LastCheckpoint, environment.Device) with
                {
                    Status = "diverged", StopReason = e.Message,
                };
                await output.WriteLineAsync(json ? Json.Serialize(stopped) : stopped.ToText());
            }
            throw new CliException(ExitCodes.Failure, $"{e.Message} (--lr), or raise --warmup.");
        }
        catch (OperationCanceledException)
        {
            throw new CliException(ExitCodes.Interrupted, $"interrupted; continue with the same options and --resume {listener.LastCheckpoint}");
        }

        CurveCsv.WriteFile(curvePath, result.Curve);
        var summary = TrainSummary.From(result, curvePath, listener.LastCheckpoint, environment.Device);
        await output.WriteLineAsync(json ? Json.Serialize(summary) : summary.ToText());
        return ExitCodes.Success;
    }

    /// <summary>Loads libtorch from the folder given, before anything touches TorchSharp, and says which one it is.</summary>
    private void UseLibTorch(string directory)
    {
        try
        {
            var info = LibTorch.UseDirectory(directory);
            (progress ?? Console.Error).WriteLine(info.Describe());
        }
        catch (LibTorchLoadException e)
        {
            throw new CliException(e.NotALibTorchFolder ? ExitCodes.BadInput : ExitCodes.Failure, $"--libtorch: {e.Message}");
        }
    }

    private static RunSpec Spec(CliArgs args)
    {
        var shape = new ModelShape(
            RequiredInt(args, "d-model"), RequiredInt(args, "layers"), RequiredInt(args, "heads"), RequiredInt(args, "context"),
            Vocab: 0);
        TokenizerKind tokenizer = Choice(args, "tokenizer", TokenizerKind.Byte);
        var defaults = new RunSpec(shape, 1, 1);
        var schedule = Choice(args, "schedule", defaults.Schedule);
        var cooldownFraction = args.Double("cooldown-fraction");
        var cooldownShape = args.String("cooldown-shape") is null ? (CooldownShape?)null : Choice(args, "cooldown-shape", defaults.CooldownShape);
        if (schedule != LearningRateSchedule.Wsd && (cooldownFraction is not null || cooldownShape is not null))
            throw CliException.BadInput($"--{(cooldownFraction is not null ? "cooldown-fraction" : "cooldown-shape")} shapes a WSD cooldown: add --schedule wsd, or drop it.");
        return new RunSpec(
            shape with { Vocab = tokenizer.VocabularySize() },
            BatchSize: RequiredInt(args, "batch"),
            Iterations: RequiredInt(args, "iterations"),
            Epochs: args.Int("epochs", defaults.Epochs),
            Dropout: args.Double("dropout", defaults.Dropout),
            Corpus: args.String("corpus") ?? defaults.Corpus,
            Seed: args.Int("seed", defaults.Seed),
            LearningRate: args.Double("lr", defaults.LearningRate),
            WarmupIterations: args.Int("warmup", defaults.WarmupIterations),
            Schedule: schedule,
            Tokenizer: tokenizer,
            WeightDecay: args.Double("weight-decay", defaults.WeightDecay),
            GradientClip: args.Double("clip", defaults.GradientClip),
            Evaluations: args.Int("evaluations", defaults.Evaluations),
            EvalBatches: args.Int("eval-batches", defaults.EvalBatches),
            CheckpointEvery: args.Int("checkpoint-every", defaults.CheckpointEvery),
            Precision: Choice(args, "precision", defaults.Precision),
            CooldownFraction: cooldownFraction ?? defaults.CooldownFraction,
            CooldownShape: cooldownShape ?? defaults.CooldownShape);
    }

    private static int RequiredInt(CliArgs args, string name) =>
        args.Int(name) ?? throw CliException.BadInput($"--{name} is required.");

    private static T Choice<T>(CliArgs args, string name, T fallback) where T : struct, Enum
    {
        string? raw = args.String(name);
        if (raw is null) return fallback;
        return Enum.TryParse(raw, ignoreCase: true, out T value) && Enum.IsDefined(value)
            ? value
            : throw CliException.BadInput($"--{name} must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))} (got '{raw}').");
    }
}
