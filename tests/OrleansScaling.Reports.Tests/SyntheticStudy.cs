using System.Globalization;
using System.Text;
using OrleansScaling.Science.Curves;
using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Reports.Tests;

/// <summary>
/// A tiny study written as `osc export` would write it, with curves whose analyses are known exactly:
/// S follows L = 8·I^(−0.2); M(E=10) follows S at half the iterations up to 2,000, then overfits, so its best loss
/// 8·1000^(−0.2) is S's at 1,000 and the speedup is 2.00; SD sits 0.05 nats above S. One IsoFLOP profile of three
/// widths (at one budget: P·I equal within 0.1%) has final losses 3 + 0.1·(ln N − ln N₁₂₈)², a parabola with its minimum at the d=128 model; a second one
/// (isoflop-b) at half the budget has its minimum, 4, at the same model.
/// </summary>
public sealed class SyntheticStudy : IDisposable
{
    public const int Context = 64;
    public const int Batch = 8;
    public static readonly long[] Iterations = [.. Enumerable.Range(1, 40).Select(k => 100L * k)];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "osc-report-" + Guid.NewGuid().ToString("N"));

    public static ModelShape Shape(int d) => new(d, 2, d / 32, Context, 256);

    public SyntheticStudy()
    {
        var comparison = new StringBuilder(Header);
        foreach (var d in new[] { 64, 128 })
        {
            var scale = d == 64 ? 1.0 : 0.9; // the larger model is lower at every iteration
            comparison.Append(Run(d, "S", 1, 0, i => scale * S(i), "comparison"));
            comparison.Append(Run(d, "SD", 1, 0.1, i => scale * S(i) + 0.05, "comparison"));
            comparison.Append(Run(d, "M(E=10)", 10, 0, i => scale * (i <= 2000 ? S(i / 2.0) : S(1000) + 1e-4 * (i - 2000)), "comparison"));
        }
        Write("comparison/runs.csv", comparison.ToString());
        var profile = new StringBuilder(Header);
        var optimum = Math.Log(Shape(128).Parameters);
        foreach (var (d, iterations) in ProfileA)
        {
            var loss = 3 + 0.1 * Math.Pow(Math.Log(Shape(d).Parameters) - optimum, 2);
            profile.Append(Run(d, "S", 1, 0, _ => loss, "isoflop-a", iterations));
        }
        Write("isoflop-a/runs.csv", profile.ToString());
        // A second profile at a smaller budget, named after the first: its parabola's minimum is 4 at d=128.
        var smaller = new StringBuilder(Header);
        foreach (var (d, iterations) in ProfileB)
        {
            var loss = 4 + 0.1 * Math.Pow(Math.Log(Shape(d).Parameters) - optimum, 2);
            smaller.Append(Run(d, "S", 1, 0, _ => loss, "isoflop-b", iterations));
        }
        Write("isoflop-b/runs.csv", smaller.ToString());
    }

    /// <summary>
    /// The IsoFLOP profiles' widths and iterations: P·I equal within 0.1%, as the planner places a profile's runs (within
    /// its ±2% tolerance), so the analyses group each profile into one budget by its FLOPs.
    /// </summary>
    public static readonly (int DModel, int Iterations)[] ProfileA = [(64, 4000), (128, 1102), (192, 507)];
    public static readonly (int DModel, int Iterations)[] ProfileB = [(64, 2000), (128, 551), (192, 253)];

    public static double S(double iteration) => 8 * Math.Pow(iteration, -0.2);

    private const string Header = "runId,key,regime,dModel,layers,heads,context,vocab,params,flopsPerToken,batchSize,iterations,epochs,dropout,seed,corpus,status\n";

    private string Run(int d, string regime, int epochs, double dropout, Func<double, double> loss, string folder, long last = 4000)
    {
        var key = $"d{d}-{regime}-seed1";
        var shape = Shape(d);
        var points = Iterations.Where(i => i <= last).Select(i => new CurvePoint(i, i * Batch * Context, shape.FlopsPerToken * i * Batch * Context,
            double.NaN, loss(i), 1e-3, i / 100.0, 5000)).ToList();
        Write($"{folder}/curves/{key}.csv", CurveCsv.ToCsv(points));
        return string.Create(CultureInfo.InvariantCulture,
            $"run-{folder}-{key},{key},{regime},{d},2,{shape.Heads},{Context},256,{shape.Parameters},{shape.FlopsPerToken},{Batch},{last},{epochs},{dropout},1,bundled,succeeded\n");
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Directory, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
