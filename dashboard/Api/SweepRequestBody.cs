using System.Text;
using OrleansScaling.Science.Runs;

namespace OrleansScaling.Dashboard.Api;

/// <summary>
/// Reads a sweep request body itself, with the one reader sweep files use (<see cref="SweepRequestJson"/>), rather than
/// through parameter binding: a body that is not JSON is a 415, one over <see cref="SweepRequestJson.MaxBytes"/> a 413,
/// and JSON the reader refuses a 400 naming the field, each as problem+json; nothing is stored for any of them.
/// </summary>
internal static class SweepRequestBody
{
    public static async Task<(SweepRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http)
    {
        if (!http.HasJsonContentType())
            return (null, Refused(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"The body was sent as {(string.IsNullOrEmpty(http.ContentType) ? "no content type" : $"'{http.ContentType}'")}; " +
                $"send the sweep request as JSON with 'Content-Type: {SweepRequestJson.MediaType}' (docs/api.md)."));
        if (http.ContentLength > SweepRequestJson.MaxBytes) return (null, TooLarge($"The body is {http.ContentLength:N0} bytes"));

        string json;
        try
        {
            var body = await ReadBounded(http);
            if (body is null) return (null, TooLarge("The body runs on past the limit"));
            json = body;
        }
        catch (BadHttpRequestException e)
        {
            // The server's own limits (a body cut short, a read timeout): the client's fault, not an error to log.
            return (null, Refused(e.StatusCode, "Bad request body", $"The body could not be read ({e.Message}); send the sweep request again."));
        }
        catch (DecoderFallbackException)
        {
            return (null, Invalid(SweepRequestJson.WholeRequest, "The body is not UTF-8 text; send the sweep request as UTF-8 JSON (docs/api.md)."));
        }

        try
        {
            return (SweepRequestJson.Read(json), null);
        }
        catch (SweepRequestJsonException e)
        {
            return (null, Invalid(e.ParamName ?? SweepRequestJson.WholeRequest, e.Message + " docs/api.md lists each field."));
        }
    }

    /// <summary>The body as UTF-8 text, or null when it runs past <see cref="SweepRequestJson.MaxBytes"/> (then it is not read further).</summary>
    private static async Task<string?> ReadBounded(HttpRequest http)
    {
        // Above the server's own limit the read would throw; ours is far below it, so lift nothing and stop early instead.
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        for (int read; (read = await http.Body.ReadAsync(chunk, http.HttpContext.RequestAborted)) > 0;)
        {
            if (buffer.Length + read > SweepRequestJson.MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return text.StartsWith('\uFEFF') ? text[1..] : text;
    }

    private static IResult TooLarge(string size) =>
        Refused(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"{size}: more than the {SweepRequestJson.MaxBytes:N0} bytes (1 MiB) a sweep request may have; " +
            "a sweep request is a few hundred bytes of fields (docs/api.md).");

    /// <summary>A refusal of the body as a whole: problem+json with the reason under "request" too, as every 400 has it.</summary>
    private static IResult Refused(int status, string title, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [SweepRequestJson.WholeRequest] = [detail] })
        {
            Status = status, Title = title, Detail = detail,
        });

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
