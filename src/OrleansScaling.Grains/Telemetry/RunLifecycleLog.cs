using Microsoft.Extensions.Logging;

namespace OrleansScaling.Grains.Telemetry;

/// <summary>
/// One log line per event in a run's life, each with the run id, under the category "OrleansScaling.Runs" (Information),
/// so `grep <run id>` or a log shipper's query finds a run's story among the silo's lines.
/// </summary>
public static partial class RunLifecycleLog
{
    public const string Category = "OrleansScaling.Runs";

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Run {RunId}: queued ({Where})")]
    public static partial void Queued(ILogger logger, string runId, string where);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Run {RunId}: leased by {Silo} {Slot} ({Device}), attempt {Attempt}")]
    public static partial void Leased(ILogger logger, string runId, string silo, string slot, string device, int attempt);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Run {RunId}: resumed from iteration {Iteration}")]
    public static partial void Resumed(ILogger logger, string runId, long iteration);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Run {RunId}: checkpoint written at iteration {Iteration} ({Location})")]
    public static partial void CheckpointWritten(ILogger logger, string runId, long iteration, string location);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Run {RunId}: {Reason}; queued again")]
    public static partial void LeaseLost(ILogger logger, string runId, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Run {RunId}: succeeded on {Silo} {Slot}")]
    public static partial void Succeeded(ILogger logger, string runId, string silo, string slot);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Run {RunId}: attempt failed on {Silo} {Slot}: {Reason}")]
    public static partial void Failed(ILogger logger, string runId, string silo, string slot, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Run {RunId}: handed back by {Silo} {Slot}: {Reason}")]
    public static partial void HandedBack(ILogger logger, string runId, string silo, string slot, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Run {RunId}: {Reason} (on {Silo} {Slot}); not retried")]
    public static partial void Diverged(ILogger logger, string runId, string silo, string slot, string reason);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Run {RunId}: stopped early on {Silo} {Slot} (early stopping); not retried")]
    public static partial void StoppedEarly(ILogger logger, string runId, string silo, string slot);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Run {RunId}: attempt dropped on {Silo} {Slot} (lease lost or run cancelled)")]
    public static partial void Dropped(ILogger logger, string runId, string silo, string slot);
}
