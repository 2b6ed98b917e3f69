namespace OrleansScaling.Science.Planning;

/// <summary>
/// No allowed shape keeps P·T within tolerance of the budget. <see cref="Problem"/> is the message without the
/// parameter suffix, so a caller whose budget came from another field can re-raise it under that field's name.
/// </summary>
public sealed class NoShapeFitsException(string problem, string paramName, Exception? inner = null)
    : ArgumentException(problem, paramName, inner)
{
    public string Problem { get; } = problem;
}
