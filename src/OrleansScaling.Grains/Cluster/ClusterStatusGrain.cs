using OrleansScaling.Contracts;
using OrleansScaling.Grains.Scheduling;
using OrleansScaling.Grains.Workers;

namespace OrleansScaling.Grains.Cluster;

/// <summary>
/// The cluster view: active silos from membership, slots, queue length and recent failures from the scheduler, and
/// the corpora the live silos offer.
/// </summary>
public sealed class ClusterStatusGrain : Grain, IClusterStatusGrain
{
    async Task<ClusterView> IClusterStatusGrain.GetView()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var snapshot = await GrainFactory.GetGrain<ISchedulerGrain>(0).GetSnapshot();
        var silos = hosts.Keys.Select(address => address.ToString()).Order(StringComparer.Ordinal).ToList();
        var corpora = await CorporaOnOffer.ListAsync(GrainFactory, hosts.Keys);
        return new ClusterView(silos, snapshot.Slots, snapshot.QueueLength, snapshot.RecentFailures, corpora);
    }
}
