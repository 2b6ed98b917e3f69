using OrleansScaling.Contracts;

namespace OrleansScaling.Dashboard.Api;

/// <summary>
/// One page of the experiment list, newest first (created time, then id): what the Experiments page shows and what
/// GET /api/experiments?page=&amp;pageSize= returns. A page past the last gives the last page; the list is never empty
/// of pages (an empty list has one empty page).
/// </summary>
public sealed record ExperimentListPage(IReadOnlyList<ExperimentSummary> Items, int Page, int PageSize, int Pages, int Total)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public static ExperimentListPage Of(IEnumerable<ExperimentSummary> experiments, int page, int pageSize = DefaultPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var newestFirst = NewestFirst(experiments);
        var pages = Math.Max(1, (newestFirst.Count + pageSize - 1) / pageSize);
        page = Math.Min(page, pages);
        return new ExperimentListPage(newestFirst.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, pages, newestFirst.Count);
    }

    public static List<ExperimentSummary> NewestFirst(IEnumerable<ExperimentSummary> experiments) =>
        experiments.OrderByDescending(e => e.CreatedAt).ThenBy(e => e.ExperimentId, StringComparer.Ordinal).ToList();
}
