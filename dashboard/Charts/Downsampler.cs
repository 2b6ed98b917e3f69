namespace OrleansScaling.Dashboard.Charts;

/// <summary>
/// Largest-Triangle-Three-Buckets (Steinarsson, 2013): keeps the first and last points and, per bucket, the
/// point spanning the largest triangle with its neighbours, so a curve of tens of thousands of points keeps
/// its shape (spikes included) in a few hundred. The browser then draws hundreds, not tens of thousands.
/// </summary>
public static class Downsampler
{
    public static IReadOnlyList<ChartPoint> Lttb(IReadOnlyList<ChartPoint> points, int threshold)
    {
        if (threshold < 3) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Keep at least 3 points.");
        if (points.Count <= threshold) return points;

        var sampled = new List<ChartPoint>(threshold) { points[0] };
        double bucketSize = (double)(points.Count - 2) / (threshold - 2);
        int previous = 0;
        for (int bucket = 0; bucket < threshold - 2; bucket++)
        {
            // The average of the next bucket is the triangle's third corner.
            int nextStart = (int)((bucket + 1) * bucketSize) + 1;
            int nextEnd = Math.Min((int)((bucket + 2) * bucketSize) + 1, points.Count);
            double avgX = 0, avgY = 0;
            for (int i = nextStart; i < nextEnd; i++) { avgX += points[i].X; avgY += points[i].Y; }
            int nextCount = Math.Max(nextEnd - nextStart, 1);
            avgX /= nextCount;
            avgY /= nextCount;

            int start = (int)(bucket * bucketSize) + 1;
            int end = (int)((bucket + 1) * bucketSize) + 1;
            double bestArea = -1;
            int best = start;
            var a = points[previous];
            for (int i = start; i < end; i++)
            {
                double area = Math.Abs((a.X - avgX) * (points[i].Y - a.Y) - (a.X - points[i].X) * (avgY - a.Y));
                if (area > bestArea) { bestArea = area; best = i; }
            }
            sampled.Add(points[best]);
            previous = best;
        }
        sampled.Add(points[^1]);
        return sampled;
    }
}
