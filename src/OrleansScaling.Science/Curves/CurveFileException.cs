namespace OrleansScaling.Science.Curves;

/// <summary>
/// A learning-curve file that cannot be used, with where: the file, the 1-based line and the column.
/// An <see cref="ArgumentException"/> (ParamName = the column) so every caller reports it as bad input.
/// </summary>
public sealed class CurveFileException(string file, int line, string column, string problem)
    : ArgumentException($"{file}, line {line}, column {column}: {problem}", column)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Column { get; } = column;
}
