using OrleansScaling.Dashboard.Hosting;

// The whole local system in one process (see docs/dashboard.md): `dotnet run --project dashboard`.
DashboardApp.Build(args).Run();

/// <summary>The entry point's type, for WebApplicationFactory-style tests.</summary>
public partial class Program;
