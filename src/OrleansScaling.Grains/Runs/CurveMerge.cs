using System.Collections.Immutable;
using OrleansScaling.Science.Curves;

namespace OrleansScaling.Grains.Runs;

/// <summary>
/// Appends reported points idempotently by iteration. A resumed attempt restarts from its checkpoint and reports
/// again the points between the checkpoint and the last recorded one; they are skipped, so the curve keeps each
/// iteration once. The worker reports every point up to a checkpoint before recording it, so no point goes missing.
/// </summary>
public static class CurveMerge
{
    public static (ImmutableList<CurvePoint> Curve, IReadOnlyList<CurvePoint> Added) Append(
        ImmutableList<CurvePoint> curve, IEnumerable<CurvePoint> reported)
    {
        var last = curve.IsEmpty ? -1 : curve[^1].Iteration;
        var added = new List<CurvePoint>();
        foreach (var point in reported.OrderBy(p => p.Iteration))
        {
            if (point.Iteration <= last) continue;
            added.Add(point);
            last = point.Iteration;
        }
        return (added.Count == 0 ? curve : curve.AddRange(added), added);
    }
}
