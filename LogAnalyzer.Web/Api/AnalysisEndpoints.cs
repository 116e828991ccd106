using System.Text.Json;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using LogAnalyzer.Web.Hosting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Api;

/// <summary><c>POST /api/v1/analyses</c>: JSON <c>{"text", "useLlm", "includeRecords"}</c> or a raw text/plain body.</summary>
public static class AnalysisEndpoints
{
    public static RouteGroupBuilder MapAnalysisApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/analyses").WithTags("Analyses");
        api.RequireAnalysisLimits();
        api.MapPost("/", AnalyzeAsync)
            .WithName("CreateAnalysis")
            .WithSummary("Analyse raw logs")
            .WithDescription("Body: application/json {\"text\": \"...\", \"useLlm\": false, \"includeRecords\": true}, or the raw log as text/plain with useLlm/includeRecords as query parameters. Lists are capped by Api:Max* (\"truncated\" counts what was cut); Accept: application/x-ndjson streams every record, one per line after the document.")
            .AddOpenApiOperationTransformer(OpenApiBodies.DescribeLogBody)
            .Produces<AnalysisDocument>()
            .Produces<AnalysisDocument>(StatusCodes.Status200OK, NdjsonAnalysisResult.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        return api;
    }

    internal static async Task<Results<Ok<AnalysisDocument>, NdjsonAnalysisResult, ProblemHttpResult>> AnalyzeAsync(
        HttpContext context,
        AnalysisService analysis,
        Storage.AnalysisArchive archive,
        AnalysisGate gate,
        IOptions<IngestionOptions> ingestion,
        IOptions<ApiOptions> limits,
        [FromQuery] bool? useLlm,
        [FromQuery] bool? includeRecords,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadRequestAsync(context, analysis, ingestion, useLlm, includeRecords, cancellationToken)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var slot = await gate.EnterAsync(request!.SizeInBytes(), cancellationToken).ConfigureAwait(false);
        context.Response.RegisterForDispose(slot); // held until the response is written: the document lives until then
        if (!slot.Granted)
        {
            return ServerBusy(context, slot);
        }

        // The records are kept even when the response leaves them out: the store keeps them for paging.
        var document = await analysis.AnalyzeAsync(request! with { IncludeRecords = true }, cancellationToken).ConfigureAwait(false);
        var records = document.Records;
        document = request.IncludeRecords ? document : document with { Records = null };

        // Saved within the response's limits (records aside: they are paged): GET /{id} answers what this POST did, and
        // a never-repeating paste's 357k patterns are not written to the store (or held as 67 MB of JSON) first.
        document = ResponseBounds.Apply(document, limits.Value, cutRecords: false);
        document = await archive.SaveAsync(document, request, Storage.AnalysisArchive.UserOf(context.User), records, cancellationToken).ConfigureAwait(false); // saved: false + reason when the store is down
        context.Response.Headers.CacheControl = "no-store"; // log text: no cache or proxy keeps a copy
        if (NdjsonAnalysisResult.Requested(context.Request))
        {
            return new NdjsonAnalysisResult(ResponseBounds.Apply(document with { Records = null }, limits.Value), document.Records);
        }

        return TypedResults.Ok(ResponseBounds.Answer(document, limits.Value));
    }

    /// <summary>
    /// Reads and validates the body of an analysis request (JSON or text/plain), shared by every endpoint that
    /// accepts the same body. Exactly one of the two results is non-null.
    /// </summary>
    internal static async Task<(AnalysisRequest? Request, ProblemHttpResult? Problem)> ReadRequestAsync(
        HttpContext context,
        AnalysisService analysis,
        IOptions<IngestionOptions> ingestion,
        bool? useLlm,
        bool? includeRecords,
        CancellationToken cancellationToken)
    {
        var max = ingestion.Value.MaxInputBytes;
        var mediaType = context.Request.ContentType is { } ct ? ct.Split(';')[0].Trim().ToLowerInvariant() : "";
        AnalysisRequest request;
        if (mediaType is "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            // JSON escapes can make a body longer than its text: allow headroom, the validator checks the text.
            var body = await RequestBodyReader.ReadAsync(context, (max * 2) + 65_536, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return (null, TooLarge(max));
            }

            AnalyzeRequestBody? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize<AnalyzeRequestBody>(body, AnalysisJson.Options);
            }
            catch (JsonException ex)
            {
                return (null, Problem(StatusCodes.Status400BadRequest, "Malformed JSON body",
                    $"The JSON body could not be read ({Describe(ex)}). Send {{\"text\": \"...\", \"useLlm\": false, \"includeRecords\": true}}."));
            }

            if (parsed?.Text is null)
            {
                return (null, Problem(StatusCodes.Status400BadRequest, "Missing text",
                    "The JSON body needs a \"text\" string holding the log lines to analyse."));
            }

            request = AnalysisRequest.FromText(parsed.Text, useLlm ?? parsed.UseLlm, includeRecords ?? parsed.IncludeRecords);
        }
        else if (mediaType is "text/plain" || mediaType.Length == 0 && context.Request.ContentLength is null or 0)
        {
            var body = await RequestBodyReader.ReadAsync(context, max, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return (null, TooLarge(max));
            }

            request = new AnalysisRequest { Bytes = WithDeclaredCharset(body, context.Request.ContentType), UseLlm = useLlm ?? false, IncludeRecords = includeRecords ?? true };
        }
        else
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{Truncate(mediaType, 80)}' is not accepted. Send application/json {{\"text\": \"...\"}} or the raw log as text/plain."));
        }

        var validation = analysis.Validate(request);
        if (!validation.IsValid)
        {
            var error = validation.Errors[0];
            return (null, error.ErrorCode == AnalysisRequestValidator.TooLargeCode
                ? TooLarge(max)
                : Problem(StatusCodes.Status400BadRequest, "Nothing to analyse", error.ErrorMessage));
        }

        return (request, null);
    }

    /// <summary>
    /// A text/plain body declared UTF-16 (<c>charset=utf-16</c>, <c>utf-16le</c>, <c>utf-16be</c>) that has no byte-order
    /// mark gets one, so ingestion (which reads the BOM) decodes it as declared; "utf-16" without a BOM is little endian
    /// unless its first character's zero byte comes first.
    /// </summary>
    internal static byte[] WithDeclaredCharset(byte[] body, string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !parsed.Charset.HasValue
            || HasBom(body))
        {
            return body;
        }

        var charset = parsed.Charset.Value!.Trim('"').ToLowerInvariant();
        byte[]? bom = charset switch
        {
            "utf-16le" or "ucs-2" => [0xFF, 0xFE],
            "utf-16be" => [0xFE, 0xFF],
            "utf-16" => body.Length >= 2 && body[0] == 0 && body[1] != 0 ? [0xFE, 0xFF] : [0xFF, 0xFE],
            _ => null,
        };
        return bom is null ? body : [.. bom, .. body];
    }

    private static bool HasBom(byte[] body) =>
        body.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || body.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
        || body.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);

    /// <summary>503 + Retry-After: the server-wide gate's queue is full.</summary>
    internal static ProblemHttpResult ServerBusy(HttpContext context, AnalysisPermit slot)
    {
        context.Response.Headers.RetryAfter = slot.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Server busy",
            $"The server is running as many analyses as it allows and its queue is full. Try again in {slot.RetryAfterSeconds} s.");
    }

    private static ProblemHttpResult TooLarge(long max) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Input too large",
            $"The input is larger than the limit of {AnalysisRequestValidator.FormatSize(max)}. Split it or keep the relevant time window.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });

    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line ? $"error near line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}" : "invalid JSON";

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
