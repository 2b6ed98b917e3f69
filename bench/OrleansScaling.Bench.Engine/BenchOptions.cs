using OrleansScaling.Science.Runs;

/// <summary>bench-engine's arguments: positional values, then --device, --precision, --libtorch (any order).</summary>
internal sealed record BenchOptions(string[] Positional, string Device, Precision Precision, string? LibTorch)
{
    public static BenchOptions Parse(string[] args)
    {
        var positional = new List<string>();
        string device = "cpu";
        string? libTorch = null;
        var precision = Precision.Fp32;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--device": device = Value(); break;
                case "--libtorch": libTorch = Value(); break;
                case "--precision":
                    string raw = Value();
                    if (!Enum.TryParse(raw, ignoreCase: true, out precision) || !Enum.IsDefined(precision))
                        throw new ArgumentException($"--precision must be fp32, tf32 or bf16 (got '{raw}').");
                    break;
                default: positional.Add(args[i]); break;
            }
        }
        return new BenchOptions(positional.ToArray(), device, precision, libTorch);
    }
}
