using OrleansScaling.Hosting;
using OrleansScaling.Grains.Hosting;

// The standalone silo. No arguments: local mode (localhost clustering, data under ~/.orleans-scaling).
// Cluster mode and every other setting come from configuration: OrleansScaling__Mode=Cluster,
// OrleansScaling__StorageConnectionString=..., or --OrleansScaling:Mode=Cluster (docs/configuration.md).
// A refused setting is one line and exit 2; a shutdown that cannot hand its work back is one line and exit 1.
return await StartupRefusal.GuardAsync("silo", Console.Error, () => SiloHost.Create(args).RunSiloAsync(Console.Error));
