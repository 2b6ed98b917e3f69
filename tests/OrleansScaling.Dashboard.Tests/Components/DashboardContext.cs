using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansScaling.Client;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Dashboard.Sweeps;
using OrleansScaling.Dashboard.Tests.Fakes;

namespace OrleansScaling.Dashboard.Tests.Components;

/// <summary>A bUnit context with the dashboard's services over a fake cluster; chart JS calls are accepted loosely.</summary>
public abstract class DashboardContext : BunitContext
{
    protected FakeScalingClient Cluster { get; } = new();

    /// <summary>How long a WaitForAssertion may wait for a render (bUnit's default, 1 s, fails on a busy 2-core machine).</summary>
    protected static readonly TimeSpan UiDeadline = TimeSpan.FromSeconds(30);

    protected DashboardContext(string? accessToken = null, string url = "http://127.0.0.1:5080", double catchUpSeconds = 3600)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        var options = new DashboardOptions { AccessToken = accessToken, CatchUpSeconds = catchUpSeconds };
        Services.AddSingleton<IScalingClient>(Cluster);
        Services.AddSingleton(Options.Create(options));
        Services.AddSingleton(new AccessPolicy([url], accessToken));
        Services.AddScoped<SessionAccess>();
        Services.AddSingleton<TimeEstimator>();
        Services.AddSingleton(OrleansScaling.Science.Planning.SweepLimits.Default);
        Services.AddLogging();
    }
}
