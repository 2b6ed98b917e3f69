namespace OrleansScaling.Grains.Artifacts;

/// <summary>The one rule for turning a run id into a run's artifact folder (a directory or a blob prefix).</summary>
internal static class ArtifactRunFolder
{
    /// <summary>The run id itself, once it is known not to escape or collapse the folder layout.</summary>
    public static string NameOf(string runId)
    {
        if (string.IsNullOrWhiteSpace(runId) || runId.IndexOfAny(['/', '\\']) >= 0 || runId is "." or "..")
            throw new ArgumentException($"Run id '{runId}' cannot name an artifact folder; use letters, digits, '-' and '_'.", nameof(runId));
        return runId;
    }
}
