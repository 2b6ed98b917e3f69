namespace OrleansScaling.Grains.Hosting;

/// <summary>Leases and retries (section "OrleansScaling:Scheduler"); docs/configuration.md lists each key.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "OrleansScaling:Scheduler";

    /// <summary>A lease not renewed for this long is lost and its run goes back to the queue.</summary>
    public double LeaseSeconds { get; set; } = 30;

    /// <summary>Failed attempts (errors and lost leases) after which a run fails; graceful hand-backs do not count.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often the scheduler looks for expired leases.</summary>
    public double LeaseCheckSeconds { get; set; } = 1;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public void Validate()
    {
        if (LeaseSeconds <= 0) throw new ArgumentException($"{Section}:LeaseSeconds must be > 0 (got {LeaseSeconds}).");
        if (MaxAttempts < 1) throw new ArgumentException($"{Section}:MaxAttempts must be >= 1 (got {MaxAttempts}).");
        if (LeaseCheckSeconds <= 0) throw new ArgumentException($"{Section}:LeaseCheckSeconds must be > 0 (got {LeaseCheckSeconds}).");
    }
}
