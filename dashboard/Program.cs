using OrleansScaling.Hosting;
using OrleansScaling.Dashboard.Hosting;

// The whole local system in one process (see docs/dashboard.md): `dotnet run --project dashboard`.
// A refused setting (exposed without a token, a bad value) is one line and exit 2, no stack trace.
return await StartupRefusal.GuardAsync("dashboard", Console.Error, async () =>
{
    await DashboardApp.Build(args).RunAsync();
    return 0;
});

/// <summary>The entry point's type, for WebApplicationFactory-style tests.</summary>
public partial class Program;
