namespace OrleansScaling.Dashboard.Hosting;

/// <summary>The access token a browser session (one Blazor circuit) has entered, checked against the policy.</summary>
public sealed class SessionAccess(AccessPolicy policy)
{
    private string? _token;

    public string? Token
    {
        get => _token;
        set { _token = value; Changed?.Invoke(); }
    }

    /// <summary>Raised when the token changes, so the layout can show or hide what reads need it for.</summary>
    public event Action? Changed;

    public bool TokenRequired => policy.TokenRequired;
    public bool CanMutate => policy.Allows(Token);
    public bool CanRead => policy.AllowsRead(Token);
}
