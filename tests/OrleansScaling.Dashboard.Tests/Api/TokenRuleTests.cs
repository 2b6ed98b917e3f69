using OrleansScaling.Science.Runs;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansScaling.Client;
using OrleansScaling.Dashboard.Hosting;
using OrleansScaling.Dashboard.Sweeps;
using OrleansScaling.Dashboard.Tests.Fakes;

namespace OrleansScaling.Dashboard.Tests.Api;

/// <summary>
/// The app configured as if bound to 0.0.0.0. It runs on the in-memory test server, so nothing actually
/// listens beyond loopback on this machine, but the access rule sees the configured exposed address.
/// </summary>
public sealed class TokenRuleTests
{
    private const string Token = "test-token-42";

    [Fact]
    public void Bound_beyond_loopback_without_a_token_the_app_refuses_to_start_and_says_why()
    {
        var error = Assert.Throws<OrleansScaling.Hosting.InvalidSettingException>(() =>
            DashboardApp.Build(["--urls", "http://0.0.0.0:5080"], UseFake(new FakeScalingClient())));
        Assert.Contains("beyond 127.0.0.1", error.Message);
        Assert.Contains("Dashboard__AccessToken", error.Message);
    }

    [Fact]
    public async Task Bound_beyond_loopback_launching_cancelling_and_retrying_need_the_token_while_queries_do_not()
    {
        var cluster = new FakeScalingClient();
        await using var app = DashboardApp.Build(["--urls", "http://0.0.0.0:5080", "--Dashboard:AccessToken", Token], UseFake(cluster));
        await app.StartAsync();
        using var http = app.GetTestClient();

        var anonymous = await http.PostAsync("/api/sweeps", TestSweeps.Json(TestSweeps.Paper));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("access token", await anonymous.Content.ReadAsStringAsync());
        Assert.Empty(cluster.Launched);

        using var wrong = Post("/api/sweeps", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

        using var right = Post("/api/sweeps", Token);
        right.Content = TestSweeps.Json(TestSweeps.Paper);
        var launched = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.Created, launched.StatusCode);
        Assert.Single(cluster.Launched);

        var runId = (await cluster.ListRuns()).First().RunId;
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync($"/api/runs/{runId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync($"/api/runs/{runId}/retry", null)).StatusCode);
        Assert.Empty(cluster.Cancelled);
        Assert.Empty(cluster.Retried);
        using var cancel = Post($"/api/runs/{runId}/cancel", Token, header: AccessTokenFilter.HeaderName);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(cancel)).StatusCode);
        Assert.Single(cluster.Cancelled);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/experiments")).StatusCode);
        await app.StopAsync();
    }

    private static HttpRequestMessage Post(string path, string token, string header = "Authorization")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (header == "Authorization") request.Headers.Authorization = new("Bearer", token);
        else request.Headers.Add(header, token);
        return request;
    }

    private static Action<WebApplicationBuilder> UseFake(FakeScalingClient cluster) => builder =>
    {
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<IScalingClient>(cluster);
    };
}

/// <summary>Dashboard:RequireTokenForReads: pages and every API read need the token, on loopback too.</summary>
public sealed class ReadTokenRuleTests
{
    private const string Token = "read-token-7";

    [Fact]
    public async Task With_reads_protected_every_api_read_and_every_page_needs_the_token()
    {
        var cluster = new FakeScalingClient();
        await cluster.LaunchSweep(TestSweeps.Paper with { Name = "secret-curves" });
        await using var app = DashboardApp.Build(["--urls", "http://127.0.0.1:5080", "--Dashboard:AccessToken", Token,
            "--Dashboard:RequireTokenForReads", "true"], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<IScalingClient>(cluster);
        });
        await app.StartAsync();
        using var http = app.GetTestClient();

        var anonymous = await http.GetAsync("/api/experiments");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("RequireTokenForReads", await anonymous.Content.ReadAsStringAsync());
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/experiments") { Headers = { Authorization = new("Bearer", Token) } };
        var read = await http.SendAsync(withToken);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("secret-curves", await read.Content.ReadAsStringAsync());

        var page = await (await http.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("reads-locked", page);
        Assert.DoesNotContain("secret-curves", page);
        await app.StopAsync();
    }

    [Fact]
    public void Reads_protected_without_a_token_refuses_to_start_naming_the_setting()
    {
        var error = Assert.Throws<OrleansScaling.Hosting.InvalidSettingException>(() =>
            DashboardApp.Build(["--Dashboard:RequireTokenForReads", "true"], builder => builder.WebHost.UseTestServer()));
        Assert.Contains("Dashboard:RequireTokenForReads", error.Message);
    }
}
