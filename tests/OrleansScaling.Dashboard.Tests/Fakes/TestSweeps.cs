using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Tests.Fakes;

/// <summary>Sweep requests the tests own, so they do not change when the presets are tuned.</summary>
public static class TestSweeps
{
    /// <summary>Two widths × S, M(E=5), M(E=10) under the fake planner: six runs of 1,000 iterations of 16 × 128 tokens.</summary>
    public static readonly SweepRequest Paper = new("test paper comparison", SweepKind.PaperComparison,
        DModels: [64, 128], Layers: 2, Iterations: 1000, EpochsList: [5, 10], Dropout: 0.1,
        BatchSize: 16, Context: 128, Corpus: "bundled", Seeds: [1]);

    /// <summary>A request as a POST /api/sweeps body: the reader's own JSON (enums as strings; it refuses numbers).</summary>
    public static HttpContent Json(SweepRequest request) =>
        new StringContent(SweepRequestJson.Write(request), System.Text.Encoding.UTF8, SweepRequestJson.MediaType);
}
