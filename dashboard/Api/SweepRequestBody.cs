using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Api;

/// <summary>
/// Reads a sweep request body itself rather than through parameter binding, so that JSON the request type
/// cannot hold (an unknown kind, a string where a number goes) is a 400 naming the field, like every other bad sweep.
/// </summary>
internal static class SweepRequestBody
{
    public static async Task<(SweepRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http, JsonOptions json)
    {
        try
        {
            var request = await http.ReadFromJsonAsync<SweepRequest>(json.SerializerOptions, http.HttpContext.RequestAborted);
            return request is null ? (null, Invalid("request", "The body is empty: send a sweep request as JSON (docs/api.md).")) : (request, null);
        }
        catch (JsonException e)
        {
            return (null, Invalid(FieldOf(e.Path), $"Not a valid value here ({e.Message.Split(" Path:")[0]}); docs/api.md lists each field."));
        }
        catch (InvalidOperationException e) when (!http.HasJsonContentType())
        {
            return (null, Invalid("request", $"Send the sweep request as application/json ({e.Message})."));
        }
    }

    /// <summary>"$.kind" → "kind"; "$.dModels[1]" → "dModels"; the root or nothing → "request".</summary>
    private static string FieldOf(string? path)
    {
        var field = (path ?? "").TrimStart('$', '.').Split('.', '[')[0];
        return field.Length == 0 ? "request" : field;
    }

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
