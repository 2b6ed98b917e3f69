using Microsoft.Extensions.Hosting;
using OrleansScaling.Client.Telemetry;
using OrleansScaling.Grains.Hosting;

// The standalone silo. No arguments: local mode (localhost clustering, data under ~/.orleans-scaling).
// Cluster mode and every other setting come from configuration: OrleansScaling__Mode=Cluster,
// OrleansScaling__StorageConnectionString=..., or --OrleansScaling:Mode=Cluster (docs/configuration.md).
var builder = Host.CreateApplicationBuilder(args);
builder.AddOrleansScalingLogging();
builder.UseOrleans(silo => silo.AddOrleansScalingSilo(builder.Configuration));
await builder.Build().RunAsync();
return 0;
