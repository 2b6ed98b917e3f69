namespace OrleansScaling.Dashboard.Hosting;

/// <summary>Guards mutating API endpoints: 401 unless the access policy accepts the request's token.</summary>
public sealed class AccessTokenFilter(AccessPolicy policy) : IEndpointFilter
{
    public const string HeaderName = "X-Access-Token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (policy.Allows(PresentedToken(context.HttpContext.Request))) return await next(context);
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Access token required",
            detail: "This dashboard listens beyond 127.0.0.1: send the configured access token as " +
                    $"'Authorization: Bearer TOKEN' or '{HeaderName}: TOKEN'.");
    }

    internal static string? PresentedToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization[7..].Trim();
        var header = request.Headers[HeaderName].ToString();
        return header.Length > 0 ? header : null;
    }
}

/// <summary>Guards every API endpoint when Dashboard:RequireTokenForReads is set: 401 unless the request carries the token.</summary>
public sealed class ReadAccessFilter(AccessPolicy policy) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (policy.AllowsRead(AccessTokenFilter.PresentedToken(context.HttpContext.Request))) return await next(context);
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Access token required",
            detail: "Dashboard:RequireTokenForReads is set: send the configured access token as " +
                    $"'Authorization: Bearer TOKEN' or '{AccessTokenFilter.HeaderName}: TOKEN', also to read.");
    }
}
