namespace OrleansScaling.Dashboard.Hosting;

/// <summary>The access token a browser session (one Blazor circuit) has entered, checked against the policy.</summary>
public sealed class SessionAccess(AccessPolicy policy)
{
    public string? Token { get; set; }
    public bool TokenRequired => policy.TokenRequired;
    public bool CanMutate => policy.Allows(Token);
}
