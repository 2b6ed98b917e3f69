using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Planning;

/// <summary>
/// The model shapes a planner may choose from: widths d (multiples of <see cref="DModelStep"/> in
/// [MinDModel, MaxDModel], or exactly <see cref="DModels"/> when given), depths in [MinLayers, MaxLayers],
/// and the aspect ratio d/L within [MinAspect, MaxAspect]. Heads: see <see cref="HeadsFor"/>.
/// <see cref="Unbounded"/> drops the aspect bounds, for widths and depth that a user chose explicitly.
/// </summary>
public sealed record ShapeSpace(
    int DModelStep = 64,
    int MinDModel = 64,
    int MaxDModel = 4096,
    int MinLayers = 1,
    int MaxLayers = 48,
    double MinAspect = 16,
    double MaxAspect = 256,
    int HeadSize = 64,
    IReadOnlyList<int>? DModels = null)
{
    public static ShapeSpace Unbounded(IReadOnlyList<int> dModels, int layers) =>
        new(MinLayers: layers, MaxLayers: layers, MinAspect: 0, MaxAspect: double.PositiveInfinity, DModels: dModels);

    /// <summary>
    /// The fewest heads of size at most <paramref name="headSize"/> that divide d: d/64 for multiples of 64,
    /// one head below 64, 2 heads of 48 for d = 96.
    /// </summary>
    public static int HeadsFor(int dModel, int headSize = 64)
    {
        for (var heads = Math.Max(1, (dModel + headSize - 1) / headSize); heads < dModel; heads++)
        {
            if (dModel % heads == 0) return heads;
        }
        return dModel;
    }

    /// <summary>Every allowed shape for the given context and vocabulary, smallest widths first.</summary>
    public IReadOnlyList<ModelShape> Enumerate(int context, int vocab)
    {
        Validate();
        var widths = DModels ?? Enumerable.Range(0, (MaxDModel - MinDModel) / DModelStep + 1).Select(i => MinDModel + i * DModelStep).ToList();
        var shapes = new List<ModelShape>();
        foreach (var d in widths)
        {
            for (var layers = MinLayers; layers <= MaxLayers; layers++)
            {
                var aspect = (double)d / layers;
                if (aspect < MinAspect || aspect > MaxAspect) continue;
                shapes.Add(new ModelShape(d, layers, HeadsFor(d, HeadSize), context, vocab).Validate());
            }
        }
        if (shapes.Count == 0)
            throw new ArgumentException(
                $"no shape is allowed: widths {Describe(widths)} with {MinLayers}-{MaxLayers} layers never have d/L within [{MinAspect}, {MaxAspect}]; widen the aspect bounds or the layer range.",
                nameof(MaxAspect));
        return shapes;
    }

    private void Validate()
    {
        if (DModels is { Count: 0 }) throw new ArgumentException("dModels is empty: list at least one width, e.g. [128, 256], or leave it unset.", nameof(DModels));
        if (DModels?.Where(d => d <= 0).Select(d => (int?)d).FirstOrDefault() is int bad)
            throw new ArgumentException($"dModels must be positive (got {bad}).", nameof(DModels));
        if (DModels is null)
        {
            if (DModelStep <= 0) throw new ArgumentException($"the width step must be positive (got {DModelStep}); 64 is usual.", nameof(DModelStep));
            if (MinDModel <= 0 || MinDModel > MaxDModel)
                throw new ArgumentException($"widths need 0 < minDModel <= maxDModel (got {MinDModel}..{MaxDModel}).", nameof(MinDModel));
        }
        if (MinLayers <= 0 || MinLayers > MaxLayers)
            throw new ArgumentException($"layers need 0 < minLayers <= maxLayers (got {MinLayers}..{MaxLayers}).", nameof(MinLayers));
        if (!(MinAspect >= 0) || !(MinAspect <= MaxAspect))
            throw new ArgumentException($"aspect bounds need 0 <= minAspect <= maxAspect (got {MinAspect}..{MaxAspect}).", nameof(MinAspect));
        if (HeadSize <= 0) throw new ArgumentException($"the head size must be positive (got {HeadSize}); 64 is usual.", nameof(HeadSize));
    }

    private static string Describe(IReadOnlyList<int> widths) =>
        widths.Count <= 4 ? string.Join(", ", widths) : $"{widths[0]}..{widths[^1]}";
}
