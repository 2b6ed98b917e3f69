using System.Collections.ObjectModel;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Dashboard.Live;

/// <summary>Runs' curve points keyed by iteration: merging a point twice (snapshot and push) keeps one.</summary>
public sealed class CurveStore
{
    private readonly Dictionary<string, SortedList<long, CurvePoint>> _curves = [];

    /// <summary>Bumped on every change, so charts redraw only when something new arrived.</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<CurvePoint> Get(string runId) =>
        _curves.TryGetValue(runId, out var curve) ? new ReadOnlyCollection<CurvePoint>(curve.Values) : [];

    public int Count => _curves.Values.Sum(c => c.Count);

    /// <summary>The next iteration to ask the grain for (catch-up after a failover).</summary>
    public long NextIteration(string runId) =>
        _curves.TryGetValue(runId, out var curve) && curve.Count > 0 ? curve.Keys[^1] + 1 : 0;

    public void Merge(string runId, IEnumerable<CurvePoint> points)
    {
        if (!_curves.TryGetValue(runId, out var curve)) _curves[runId] = curve = [];
        foreach (var point in points)
        {
            curve[point.Iteration] = point;
            Version++;
        }
    }
}
