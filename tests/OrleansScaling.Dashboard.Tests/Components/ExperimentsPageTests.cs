using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;
using OrleansScaling.Contracts;
using OrleansScaling.Dashboard.Api;
using OrleansScaling.Dashboard.Components.Pages;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Tests.Components;

/// <summary>The experiment list is paged (issue 18, scale): 1,000 experiments render 50 rows a page, newest first.</summary>
public sealed class ExperimentsPageTests : DashboardContext
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private void AddExperiments(int count)
    {
        for (var i = 0; i < count; i++)
            Cluster.AddExperiment(new ExperimentSummary($"exp-{i:D4}", $"sweep {i:D4}", SweepKind.IsoFlop, ExperimentStatus.Succeeded, 5, 5, Start.AddMinutes(i)));
    }

    private static List<string> Names(IRenderedComponent<Experiments> page) =>
        page.FindAll("table.experiments tbody tr td:first-child a").Select(a => a.TextContent).ToList();

    [Fact]
    public void A_list_of_1000_experiments_renders_its_first_page_newest_first_and_reaches_the_last()
    {
        AddExperiments(1000);
        var page = Render<Experiments>();
        page.WaitForAssertion(() => Assert.Equal(ExperimentListPage.DefaultPageSize, Names(page).Count), UiDeadline);
        Assert.Equal("sweep 0999", Names(page)[0]);
        Assert.Equal("sweep 0950", Names(page)[^1]);
        Assert.Equal("page 1 of 20 (1000 experiments)", page.Find(".pager-position").TextContent);
        Assert.Equal("/experiments?page=20", page.Find("a.pager-last").GetAttribute("href"));
        Assert.Empty(page.FindAll("a.pager-previous"));

        // Following the "oldest" link: the navigation sets ?page=20, the page shows the 50 oldest.
        Services.GetRequiredService<NavigationManager>().NavigateTo("/experiments?page=20");
        page.WaitForAssertion(() => Assert.Equal("sweep 0049", Names(page)[0]), UiDeadline);
        Assert.Equal(50, Names(page).Count);
        Assert.Equal("sweep 0000", Names(page)[^1]);
        Assert.Equal("page 20 of 20 (1000 experiments)", page.Find(".pager-position").TextContent);
        Assert.Empty(page.FindAll("a.pager-next"));
        Assert.Equal("/experiments?page=19", page.Find("a.pager-previous").GetAttribute("href"));
    }

    [Fact]
    public void A_page_past_the_last_shows_the_last()
    {
        AddExperiments(120);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/experiments?page=99");
        var page = Render<Experiments>();
        page.WaitForAssertion(() => Assert.Equal(20, Names(page).Count), UiDeadline);
        Assert.Equal("page 3 of 3 (120 experiments)", page.Find(".pager-position").TextContent);
    }

    [Fact]
    public void A_list_of_one_page_has_no_pager()
    {
        AddExperiments(50);
        var page = Render<Experiments>();
        page.WaitForAssertion(() => Assert.Equal(50, Names(page).Count), UiDeadline);
        Assert.Empty(page.FindAll("nav.pager"));
    }

    [Fact]
    public void Paging_the_list_keeps_every_experiment_once_in_newest_first_order()
    {
        var summaries = Enumerable.Range(0, 1000).Select(i => new ExperimentSummary($"exp-{i:D4}", $"sweep {i}", SweepKind.Recipe,
            ExperimentStatus.Running, 1, 0, Start.AddSeconds(i % 7))).ToList();
        var seen = Enumerable.Range(1, 20).SelectMany(p => ExperimentListPage.Of(summaries, p).Items).ToList();
        Assert.Equal(1000, seen.Select(s => s.ExperimentId).Distinct().Count());
        Assert.Equal(ExperimentListPage.NewestFirst(summaries), seen);
        Assert.Equal(20, ExperimentListPage.Of(summaries, 1).Pages);
        Assert.Equal(ExperimentListPage.Of(summaries, 20).Items, ExperimentListPage.Of(summaries, 21).Items);
        Assert.Equal(20, ExperimentListPage.Of(summaries, 21).Page);
        Assert.Equal((1, 1, 0), (ExperimentListPage.Of([], 3).Page, ExperimentListPage.Of([], 3).Pages, ExperimentListPage.Of([], 3).Items.Count));
    }
}
