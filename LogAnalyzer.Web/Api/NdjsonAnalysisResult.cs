using System.Text.Json;
using LogAnalyzer.Core.Model;
using Microsoft.Net.Http.Headers;

namespace LogAnalyzer.Web.Api;

/// <summary>
/// An analysis as NDJSON (<c>Accept: application/x-ndjson</c>): line 1 is the analysis document without records (its
/// other lists bounded as usual), then one line per record, every record, written as they are serialized so the
/// response never sits whole in memory.
/// </summary>
internal sealed class NdjsonAnalysisResult(AnalysisDocument header, IReadOnlyList<LogRecord>? records) : IResult
{
    public const string MediaType = "application/x-ndjson";

    private const int FlushEveryBytes = 256 * 1024;

    /// <summary>True when the request's Accept names NDJSON.</summary>
    public static bool Requested(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var cancellationToken = httpContext.RequestAborted;
        httpContext.Response.ContentType = MediaType + "; charset=utf-8";
        httpContext.Response.Headers[HeaderNames.CacheControl] = "no-store";
        var pipe = httpContext.Response.BodyWriter;
        var options = AnalysisJson.Options;
        await using var json = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = options.Encoder, MaxDepth = options.MaxDepth });
        JsonSerializer.Serialize(json, header, options);
        long pending = EndLine(json, pipe);
        foreach (var record in records ?? [])
        {
            JsonSerializer.Serialize(json, record, options);
            pending += EndLine(json, pipe);
            if (pending >= FlushEveryBytes)
            {
                pending = 0;
                var flushed = await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    return;
                }
            }
        }

        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static long EndLine(Utf8JsonWriter json, System.IO.Pipelines.PipeWriter pipe)
    {
        json.Flush();
        var written = json.BytesCommitted + 1;
        pipe.GetSpan(1)[0] = (byte)'\n';
        pipe.Advance(1);
        json.Reset();
        return written;
    }
}
