using System.Globalization;
using OrleansScaling.Science.Analysis.Stopping;
using OrleansScaling.Science.Planning;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Sweeps;

/// <summary>How the launch form takes the budget: P0·T0, one FLOP budget, or (IsoFLOP) several FLOP budgets.</summary>
public enum BudgetMode { ParamsTimesTokens, Flops, FlopsList }

/// <summary>
/// The launch form's fields as the user typed them (text, so "1e6" and "128, 256" parse with clear errors),
/// and their translation into a <see cref="SweepRequest"/>. Error keys are the request's JSON field names.
/// </summary>
public sealed class LaunchForm
{
    public string Name { get; set; } = "sweep";
    public SweepKind Kind { get; set; } = SweepKind.Recipe;
    public BudgetMode BudgetMode { get; set; } = BudgetMode.ParamsTimesTokens;
    public string P0 { get; set; } = "1e6";
    public string T0 { get; set; } = "5e6";
    public string FlopsBudget { get; set; } = "";
    /// <summary>IsoFLOP profiles at several budgets, ascending ("1e15, 2e15, 4e15"), with <see cref="BudgetMode.FlopsList"/>.</summary>
    public string FlopsBudgets { get; set; } = "";
    /// <summary>A grid's training tokens per run, ascending ("1e6, 2e6, 4e6").</summary>
    public string TokenBudgets { get; set; } = "";
    public string TargetRatio { get; set; } = "5";
    public bool PlannerChoosesSizes { get; set; } = true;
    public string DModels { get; set; } = "";
    public string Layers { get; set; } = "4";
    public string EpochsList { get; set; } = "5, 10";
    public string Dropout { get; set; } = "0.1";
    public string Iterations { get; set; } = "0";
    public string IsoFlopPoints { get; set; } = "5";
    public string Corpus { get; set; } = "bundled";
    public string Seeds { get; set; } = "1";
    public string BatchSize { get; set; } = "16";
    public string Context { get; set; } = "128";
    public string LearningRate { get; set; } = "0.001";
    public string WarmupIterations { get; set; } = "100";
    public TokenizerKind Tokenizer { get; set; } = TokenizerKind.Byte;
    public DeviceRequirement Device { get; set; } = DeviceRequirement.Any;
    public Precision Precision { get; set; } = Precision.Fp32;
    public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Constant;
    public string CooldownFraction { get; set; } = "0.2";
    public CooldownShape CooldownShape { get; set; } = CooldownShape.Sqrt;
    public bool Branching { get; set; }
    /// <summary>Early stopping with the frontier policy (off by default), and the fraction a run trains first.</summary>
    public bool EarlyStopping { get; set; }
    public string EarlyStoppingMinFraction { get; set; } = "0.3";

    /// <summary>Tokens per iteration c = batch × context, when both parse.</summary>
    public long? TokensPerIteration =>
        int.TryParse(BatchSize, out var b) && int.TryParse(Context, out var c) ? (long)b * c : null;

    /// <summary>The request, or null with every field's error.</summary>
    public SweepRequest? ToRequest(out Dictionary<string, string[]> errors, SweepLimits? limits = null)
    {
        var parser = new FieldParser();
        // A grid is sized by its token budgets; several FLOP budgets are an IsoFLOP sweep's.
        bool grid = Kind == SweepKind.Grid;
        bool flopsList = !grid && Kind == SweepKind.IsoFlop && BudgetMode == BudgetMode.FlopsList;
        bool flops = !grid && !flopsList && BudgetMode != BudgetMode.ParamsTimesTokens;
        bool product = !grid && !flopsList && !flops;
        var request = new SweepRequest(
            Name: Name.Trim(),
            Kind: Kind,
            P0: product ? parser.OptionalDouble("p0", P0) : null,
            T0: product ? parser.OptionalDouble("t0", T0) : null,
            FlopsBudget: flops ? parser.OptionalDouble("flopsBudget", FlopsBudget) : null,
            TargetRatio: parser.Double("targetRatio", TargetRatio),
            BatchSize: parser.Int("batchSize", BatchSize),
            Context: parser.Int("context", Context),
            Corpus: Corpus.Trim(),
            Seeds: parser.IntList("seeds", Seeds),
            DModels: PlannerChoosesSizes ? null : parser.IntList("dModels", DModels),
            Layers: parser.Int("layers", Layers),
            EpochsList: parser.IntList("epochsList", EpochsList),
            Dropout: parser.Double("dropout", Dropout),
            Iterations: parser.Int("iterations", Iterations),
            IsoFlopPoints: parser.Int("isoFlopPoints", IsoFlopPoints),
            LearningRate: parser.Double("learningRate", LearningRate),
            WarmupIterations: parser.Int("warmupIterations", WarmupIterations),
            Tokenizer: Tokenizer,
            Device: Device,
            Precision: Precision,
            Schedule: Schedule,
            CooldownFraction: Schedule == LearningRateSchedule.Wsd ? parser.Double("cooldownFraction", CooldownFraction) : RunSpec.DefaultCooldownFraction,
            CooldownShape: CooldownShape,
            Branching: Schedule == LearningRateSchedule.Wsd && Branching,
            FlopsBudgets: flopsList ? parser.DoubleList("flopsBudgets", FlopsBudgets) ?? [] : null,
            TokenBudgets: grid ? parser.DoubleList("tokenBudgets", TokenBudgets) ?? [] : null,
            EarlyStopping: EarlyStopping ? new EarlyStoppingSettings(MinFraction: parser.Double("earlyStopping", EarlyStoppingMinFraction)) : null);
        // Fields that did not parse keep their parse error; every other field gets the validator's verdict.
        errors = SweepRequestValidation.Errors(request, limits);
        foreach (var (field, messages) in parser.Errors) errors[field] = messages;
        return errors.Count == 0 ? request : null;
    }

    /// <summary>The form filled from a request (presets).</summary>
    public static LaunchForm From(SweepRequest r)
    {
        static string Text(double? v) => v is { } x ? x.ToString("G4", CultureInfo.InvariantCulture) : "";
        static string List(IReadOnlyList<int>? v) => v is null ? "" : string.Join(", ", v);
        static string Reals(IReadOnlyList<double>? v) => v is null ? "" : string.Join(", ", v.Select(x => x.ToString("G4", CultureInfo.InvariantCulture)));
        return new LaunchForm
        {
            Name = r.Name, Kind = r.Kind,
            BudgetMode = r.FlopsBudgets is not null ? BudgetMode.FlopsList : r.FlopsBudget is null ? BudgetMode.ParamsTimesTokens : BudgetMode.Flops,
            P0 = Text(r.P0), T0 = Text(r.T0), FlopsBudget = Text(r.FlopsBudget), TargetRatio = Text(r.TargetRatio),
            FlopsBudgets = Reals(r.FlopsBudgets), TokenBudgets = Reals(r.TokenBudgets),
            Schedule = r.Schedule, CooldownFraction = Text(r.CooldownFraction), CooldownShape = r.CooldownShape, Branching = r.Branching,
            PlannerChoosesSizes = r.DModels is null, DModels = List(r.DModels), Layers = Text(r.Layers),
            EpochsList = List(r.EpochsList), Dropout = Text(r.Dropout), Iterations = Text(r.Iterations),
            IsoFlopPoints = Text(r.IsoFlopPoints), Corpus = r.Corpus, Seeds = List(r.Seeds ?? [1]),
            BatchSize = Text(r.BatchSize), Context = Text(r.Context), LearningRate = Text(r.LearningRate),
            WarmupIterations = Text(r.WarmupIterations), Tokenizer = r.Tokenizer, Device = r.Device, Precision = r.Precision,
            EarlyStopping = r.EarlyStopping is not null, EarlyStoppingMinFraction = Text(r.EarlyStopping?.MinFraction ?? 0.3),
        };
    }
}
