using Microsoft.Extensions.DependencyInjection;
using OrleansScaling.Client;
using OrleansScaling.Dashboard.Hosting;

namespace OrleansScaling.Dashboard.Tests.Hosting;

/// <summary>Which Orleans role the dashboard takes: co-hosted silo (local) or pure client (cluster).</summary>
public sealed class BackendModeTests
{
    [Fact]
    public void Cluster_mode_without_a_storage_connection_string_refuses_to_start_naming_the_setting()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => DashboardApp.Build(["--OrleansScaling:Mode=Cluster"]));
        Assert.Contains("OrleansScaling__StorageConnectionString", error.Message);
    }

    [Fact]
    public async Task Cluster_mode_is_a_pure_client_and_local_mode_hosts_a_silo()
    {
        await using var cluster = DashboardApp.Build(["--OrleansScaling:Mode=Cluster", "--OrleansScaling:StorageConnectionString=UseDevelopmentStorage=true"]);
        Assert.NotNull(cluster.Services.GetService<IClusterClient>());
        Assert.Null(cluster.Services.GetService<Orleans.Runtime.ILocalSiloDetails>());
        Assert.IsType<ScalingClient>(cluster.Services.GetRequiredService<IScalingClient>());

        await using var local = DashboardApp.Build([$"--OrleansScaling:DataDirectory={Path.GetTempPath()}"]);
        Assert.NotNull(local.Services.GetService<Orleans.Runtime.ILocalSiloDetails>());
        Assert.IsType<ScalingClient>(local.Services.GetRequiredService<IScalingClient>());
    }
}
