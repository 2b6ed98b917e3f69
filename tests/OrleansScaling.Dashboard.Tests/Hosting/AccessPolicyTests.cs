using OrleansScaling.Dashboard.Hosting;

namespace OrleansScaling.Dashboard.Tests.Hosting;

public sealed class AccessPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("http://dashboard.example:80", false)]
    public void Loopback_addresses_are_told_apart_from_exposed_ones(string url, bool loopback) =>
        Assert.Equal(loopback, AccessPolicy.IsLoopback(url));

    [Fact]
    public void On_loopback_anyone_may_mutate_without_a_token()
    {
        var policy = new AccessPolicy(["http://127.0.0.1:5080"], accessToken: null);
        policy.EnsureStartable();
        Assert.False(policy.TokenRequired);
        Assert.True(policy.Allows(null));
    }

    [Fact]
    public void Exposed_without_a_configured_token_refuses_to_start_and_says_how_to_fix_it()
    {
        var policy = new AccessPolicy(["http://127.0.0.1:5080", "http://0.0.0.0:5080"], accessToken: null);
        var error = Assert.Throws<OrleansScaling.Hosting.InvalidSettingException>(policy.EnsureStartable);
        Assert.Contains("http://0.0.0.0:5080", error.Message);
        Assert.Contains("Dashboard__AccessToken", error.Message);
        Assert.Contains(DashboardOptions.DefaultUrl, error.Message);
    }

    [Fact]
    public void Exposed_with_a_token_accepts_only_that_token()
    {
        var policy = new AccessPolicy(["http://0.0.0.0:5080"], accessToken: "s3cret");
        policy.EnsureStartable();
        Assert.True(policy.Allows("s3cret"));
        Assert.False(policy.Allows("s3cret2"));
        Assert.False(policy.Allows(""));
        Assert.False(policy.Allows(null));
    }
}
