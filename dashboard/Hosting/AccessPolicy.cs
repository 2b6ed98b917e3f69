using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using OrleansScaling.Hosting;

namespace OrleansScaling.Dashboard.Hosting;

/// <summary>
/// Who may launch, cancel and retry, and who may read. On loopback anyone who can reach the page may (it is their
/// machine); bound to any other address, only holders of the configured access token may change anything; with
/// Dashboard:RequireTokenForReads, only they may read too.
/// </summary>
public sealed class AccessPolicy(IReadOnlyList<string> urls, string? accessToken, bool requireTokenForReads = false)
{
    public IReadOnlyList<string> Urls { get; } = urls;

    /// <summary>Every page and API read needs the token (Dashboard:RequireTokenForReads).</summary>
    public bool ReadsNeedToken { get; } = requireTokenForReads;

    /// <summary>True when some URL the dashboard listens on is not a loopback address, or reads need the token.</summary>
    public bool TokenRequired { get; } = requireTokenForReads || urls.Any(url => !IsLoopback(url));

    public bool AllowsRead(string? presentedToken) => !ReadsNeedToken || Allows(presentedToken);

    public bool Allows(string? presentedToken)
    {
        if (!TokenRequired) return true;
        if (string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(presentedToken)) return false;
        // Constant-time comparison: the token guards a network-facing endpoint.
        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(presentedToken), Encoding.UTF8.GetBytes(accessToken));
    }

    /// <summary>Refuses to start an exposed dashboard without a token, saying why and how to fix it.</summary>
    public void EnsureStartable()
    {
        if (ReadsNeedToken && string.IsNullOrWhiteSpace(accessToken))
            throw new InvalidSettingException("Dashboard:RequireTokenForReads is true but no access token is configured. " +
                "Set Dashboard__AccessToken (environment) or Dashboard:AccessToken (appsettings), or turn RequireTokenForReads off.");
        if (TokenRequired && string.IsNullOrWhiteSpace(accessToken))
            throw new InvalidSettingException(
                $"The dashboard is bound to {string.Join(", ", Urls.Where(u => !IsLoopback(u)))}, beyond 127.0.0.1, " +
                "so launching, cancelling and retrying must require an access token, and none is configured. " +
                "Set Dashboard__AccessToken (environment) or Dashboard:AccessToken (appsettings), " +
                $"or bind to {DashboardOptions.DefaultUrl}.");
    }

    public static bool IsLoopback(string url)
    {
        var host = BindingAddress.Parse(url).Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address);
    }
}
