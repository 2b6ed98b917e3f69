using Microsoft.Extensions.Logging;
using OrleansScaling.Grains.Scheduling;

namespace OrleansScaling.Grains.Workers;

/// <summary>One slot's loop: lease a run that fits, execute it, repeat; wait a poll period while the queue has nothing for it.</summary>
internal sealed class WorkerSlot(SlotContext context, SlotDescriptor slot)
{
    public SlotDescriptor Descriptor => slot;

    public async Task Run(CancellationToken stopping)
    {
        var poll = TimeSpan.FromSeconds(context.Options.PollSeconds);
        context.Metrics.SlotStarted(slot);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var grant = await context.Scheduler.Acquire(slot);
                if (grant is not null && stopping.IsCancellationRequested)
                {
                    // Leased while the silo began to stop: give it straight back rather than start and hand back.
                    await context.Scheduler.EndLease(grant.RunId, grant.LeaseId, requeue: true, failure: null);
                    break;
                }
                if (grant is not null) await new AttemptExecution(context, slot, grant).Run(stopping);
                else await Task.Delay(poll, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The scheduler may be moving between silos; whatever this slot held, its lease brings back.
                context.Logger.LogWarning(e, "Slot {Slot} on {Silo}: asking for work failed; trying again in {Poll}", slot.Slot, slot.Silo, poll);
                await Task.Delay(poll, CancellationToken.None);
            }
        }
        context.Metrics.SlotStopped(slot);
        if (!context.Abandoned) await context.Scheduler.Unregister(slot.Silo, slot.Slot);
    }
}
