using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansScaling.Client;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.TestSupport;

namespace OrleansScaling.Dashboard.Tests.EndToEnd;

/// <summary>
/// The whole local system as `dotnet run --project dashboard` starts it (Production environment, from the build
/// output): the real app on 127.0.0.1 (a free port)
/// co-hosting a real silo with a CPU worker slot and TorchSharp training, and one headless Debian chromium.
/// Shared by the browser tests of the collection; each test opens its own page.
/// </summary>
public sealed class LiveDashboard : IAsyncLifetime
{
    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("osc-dashboard-e2e-").FullName;
    private IPlaywright? _playwright;

    public WebApplication App { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public IScalingClient Cluster => App.Services.GetRequiredService<IScalingClient>();
    public string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        App = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            $"--OrleansScaling:DataDirectory={_dataDirectory}",
            $"--OrleansScaling:ClusterId=dashboard-e2e-{Guid.NewGuid():N}",
            $"--OrleansScaling:SiloPort={ports[0]}",
            $"--OrleansScaling:GatewayPort={ports[1]}",
            "--OrleansScaling:Workers:CpuSlots=1",
            "--OrleansScaling:Workers:ReportSeconds=0.2",
        ]);
        await App.StartAsync();
        BaseUrl = App.Urls.Single().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task<IPage> OpenAsync(string path)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1100 } });
        await page.GotoAsync(BaseUrl + path);
        // The prerendered page ignores typing until its circuit is up; the layout marks that moment.
        await page.Locator("main[data-interactive=true]").WaitForAsync();
        return page;
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class LiveDashboardCollection : ICollectionFixture<LiveDashboard>
{
    public const string Name = "live dashboard";
}
