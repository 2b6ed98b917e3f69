using System.Text.RegularExpressions;

namespace OrleansScaling.Client;

public sealed partial class ScalingClient
{
    /// <summary>
    /// A grain's <see cref="ArgumentException"/> arrives with its message (ending "(Parameter 'corpus')") but without
    /// its ParamName: put the field back, so callers (API, form, osc) name it as for a local refusal.
    /// </summary>
    private static async Task<T> NamingTheField<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ArgumentException e) when (e.ParamName is null && ParameterSuffix().Match(e.Message) is { Success: true } match)
        {
            throw new ArgumentException(e.Message[..match.Index], match.Groups[1].Value, e);
        }
    }

    [GeneratedRegex(@" \(Parameter '([^']+)'\)$")]
    private static partial Regex ParameterSuffix();
}
