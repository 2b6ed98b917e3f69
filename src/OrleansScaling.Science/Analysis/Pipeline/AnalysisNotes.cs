namespace OrleansScaling.Science.Analysis;

/// <summary>
/// The one rule for an analysis that cannot be computed: its bad input (a curve too short, a fit that cannot converge)
/// becomes a note naming what was skipped and why, and the other analyses go on.
/// </summary>
public sealed class AnalysisNotes
{
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> All => _notes;

    public void Add(string note) => _notes.Add(note);

    public T? Attempt<T>(Func<T> analysis, string what) where T : class
    {
        try
        {
            return analysis();
        }
        catch (ArgumentException e)
        {
            _notes.Add($"{what}: not computed: {e.Message}");
            return null;
        }
    }
}
