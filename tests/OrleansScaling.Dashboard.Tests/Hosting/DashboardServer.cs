using Microsoft.Extensions.DependencyInjection;
using OrleansScaling.Client;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Dashboard.Tests.Fakes;

namespace OrleansScaling.Dashboard.Tests.Hosting;

/// <summary>The real dashboard app on Kestrel at 127.0.0.1:0 (a free port), backed by a fake cluster.</summary>
public sealed class DashboardServer : IAsyncLifetime
{
    public FakeScalingClient Cluster { get; } = new();
    public WebApplication App { get; private set; } = default!;
    public Uri BaseAddress { get; private set; } = default!;
    public HttpClient Http { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = DashboardApp.Build(["--urls", "http://127.0.0.1:0"], builder => builder.Services.AddSingleton<IScalingClient>(Cluster));
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardServerCollection : ICollectionFixture<DashboardServer>
{
    public const string Name = "dashboard server";
}
