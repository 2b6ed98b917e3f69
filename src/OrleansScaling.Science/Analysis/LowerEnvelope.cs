namespace OrleansScaling.Science.Analysis;

/// <summary>A stretch [From, To] of ln FLOPs on which curve Owner is the lowest; contested when another curve was measured there too.</summary>
internal readonly record struct EnvelopeSegment(double From, double To, int Owner, bool Contested = true);

/// <summary>
/// The exact lower envelope of piecewise-linear curves: between consecutive evaluation points of all curves every
/// curve is a straight line, so the lowest one can change only where two of them cross, which is solved exactly.
/// Where only one curve was measured, it is lowest by default. Before any comparison (the smallest FLOPs, where the
/// larger models have not started) that stretch is credited to it; after one, only when it continues a stretch the
/// same curve won against another: a larger model is not "optimal" merely because the smaller ones stopped training.
/// </summary>
internal static class LowerEnvelope
{
    public static List<EnvelopeSegment> Owners(IReadOnlyList<FrontierAnalysis.LogCurve> curves)
    {
        var breakpoints = curves.SelectMany(c => c.LogFlops).Distinct().Order().ToArray();
        var raw = new List<EnvelopeSegment>();
        for (var k = 0; k + 1 < breakpoints.Length; k++)
        {
            var (a, b) = (breakpoints[k], breakpoints[k + 1]);
            var active = Enumerable.Range(0, curves.Count).Where(i => curves[i].Covers(a) && curves[i].Covers(b)).ToList();
            if (active.Count == 0) continue;
            var cuts = new List<double> { a, b };
            foreach (var i in active)
            {
                foreach (var j in active.Where(j => j > i))
                {
                    var da = curves[i].LogLossAt(a) - curves[j].LogLossAt(a);
                    var db = curves[i].LogLossAt(b) - curves[j].LogLossAt(b);
                    if (da * db < 0) cuts.Add(a + (b - a) * da / (da - db));
                }
            }
            cuts.Sort();
            for (var c = 0; c + 1 < cuts.Count; c++)
            {
                if (cuts[c + 1] <= cuts[c]) continue;
                var middle = (cuts[c] + cuts[c + 1]) / 2;
                var owner = active.MinBy(i => curves[i].LogLossAt(middle));
                raw.Add(new EnvelopeSegment(cuts[c], cuts[c + 1], owner, active.Count > 1));
            }
        }
        var segments = new List<EnvelopeSegment>();
        if (!raw.Any(s => s.Contested)) return segments; // no two curves were ever measured at the same FLOPs
        for (var k = 0; k < raw.Count; k++)
        {
            if (raw[k].Contested || PreviousContestedOwner(raw, k) is not { } previous || previous == raw[k].Owner)
                Append(segments, raw[k]);
        }
        return segments;
    }

    private static int? PreviousContestedOwner(List<EnvelopeSegment> raw, int from)
    {
        for (var k = from - 1; k >= 0; k--)
        {
            if (raw[k].Contested) return raw[k].Owner;
        }
        return null;
    }

    private static void Append(List<EnvelopeSegment> segments, EnvelopeSegment next)
    {
        if (segments.Count > 0 && segments[^1].Owner == next.Owner && segments[^1].To == next.From)
            segments[^1] = segments[^1] with { To = next.To };
        else
            segments.Add(next);
    }
}
