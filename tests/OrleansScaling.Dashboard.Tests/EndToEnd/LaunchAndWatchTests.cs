using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansScaling.Dashboard.Tests.EndToEnd;

/// <summary>The browser against the real local system: launch from the form, watch real training live, read the results.</summary>
[Collection(LiveDashboardCollection.Name)]
public sealed class LaunchAndWatchTests(LiveDashboard dashboard)
{
    private static readonly LocatorAssertionsToHaveCountOptions LongWait = new() { Timeout = 180_000 };

    [Fact]
    public async Task Invalid_input_shows_errors_at_its_fields_and_launches_nothing()
    {
        var before = (await dashboard.Cluster.ListExperiments()).Count;
        var page = await dashboard.OpenAsync("/launch");
        await Expect(page.Locator(".plan-preview tbody tr").First).ToBeVisibleAsync();
        await dashboard.ScreenshotAsync(page, "launch-preset");

        await Fill(page, "#layers", "0");
        await Fill(page, "#seeds", "1, two");
        await Expect(page.Locator(".field-error[data-field=layers]")).ToContainTextAsync("at least 1");
        await Expect(page.Locator(".field-error[data-field=seeds]")).ToContainTextAsync("'two' is not a whole number");
        await Expect(page.Locator("#launch")).ToBeDisabledAsync();
        await Expect(page.Locator(".plan-preview")).ToHaveCountAsync(0);
        await dashboard.ScreenshotAsync(page, "launch-invalid");

        // Even a submit the button would not allow (Enter in a field) launches nothing.
        await page.Locator("#name").PressAsync("Enter");
        Assert.Equal(before, (await dashboard.Cluster.ListExperiments()).Count);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_sweep_launched_from_the_form_shows_its_runs_live_curves_and_results()
    {
        var page = await dashboard.OpenAsync("/launch");
        await page.Locator("#preset-paper-cpu").ClickAsync();
        await Fill(page, "#name", "e2e tiny paper comparison");
        await Fill(page, "#dModels", "64");
        await Fill(page, "#layers", "1");
        await Fill(page, "#iterations", "300");
        await Fill(page, "#epochsList", "2");
        await Fill(page, "#batchSize", "4");
        await Fill(page, "#context", "32");
        await Fill(page, "#warmupIterations", "5");
        await Expect(page.Locator(".plan-preview tbody tr")).ToHaveCountAsync(4); // S, SD, M(E=2), MD(E=2)
        await dashboard.ScreenshotAsync(page, "launch-preview");

        await page.Locator("#launch").ClickAsync();
        await page.WaitForURLAsync("**/experiments/**");
        await Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(4);

        // The chart's point count grows while training runs, without a reload.
        var chart = page.Locator(".curves-chart");
        var first = await WaitForPointsAbove(chart, 0);
        var later = await WaitForPointsAbove(chart, first);
        Assert.True(later > first);
        await Expect(chart.Locator(".apexcharts-series path").First).ToBeAttachedAsync();

        // Results fill in as runs finish.
        await Expect(page.Locator("table.runs .status-succeeded")).ToHaveCountAsync(4, LongWait);
        await Expect(page.Locator("table.speedups tbody tr")).ToHaveCountAsync(1, LongWait);
        await Expect(page.Locator("table.powerlaws tbody tr")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await dashboard.ScreenshotAsync(page, "experiment-finished");

        await page.Locator("table.runs tbody tr a").First.ClickAsync();
        await page.WaitForURLAsync("**/runs/**");
        await Expect(page.Locator("table.attempts tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator(".curves-chart .apexcharts-series path").First).ToBeAttachedAsync();
        await dashboard.ScreenshotAsync(page, "run");

        await page.Locator("nav a[href='/']").ClickAsync();
        await Expect(page.Locator("table.experiments tbody tr", new() { HasText = "e2e tiny paper comparison" })).ToContainTextAsync("4 / 4");
        await page.Locator("nav a[href='/cluster']").ClickAsync();
        await Expect(page.Locator("table.slots tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.slots tbody tr")).ToContainTextAsync("idle");
        await Expect(page.Locator("#queue-length")).ToHaveTextAsync("0");
        await dashboard.ScreenshotAsync(page, "cluster");
        await page.CloseAsync();
    }

    private static async Task Fill(IPage page, string selector, string value)
    {
        await page.Locator(selector).FillAsync(value);
        await page.Locator(selector).DispatchEventAsync("change");
    }

    /// <summary>Waits for charts.js to report more drawn points than <paramref name="floor"/> (an event-free DOM attribute).</summary>
    private static async Task<int> WaitForPointsAbove(ILocator chart, int floor)
    {
        await chart.Page.WaitForFunctionAsync(
            "([el, floor]) => Number(el.dataset.renderedPoints ?? 0) > floor",
            new object[] { await chart.ElementHandleAsync(), floor },
            new PageWaitForFunctionOptions { Timeout = 120_000 });
        return int.Parse(await chart.GetAttributeAsync("data-rendered-points") ?? "0");
    }
}
