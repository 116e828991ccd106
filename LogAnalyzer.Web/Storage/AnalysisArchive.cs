using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Storage;

/// <summary>
/// Saves completed analyses (API and dashboard alike) and reads them back. A failed write never costs the caller the
/// analysis: it comes back with <c>saved: false</c> and the reason.
/// </summary>
internal sealed partial class AnalysisArchive(
    AnalysisStore store,
    SecretRedactor redactor,
    IOptions<StorageOptions> options,
    ILogger<AnalysisArchive> logger)
{
    public const int TitleLength = 120;

    /// <summary>Saves <paramref name="document"/> with its own records (see the overload).</summary>
    public Task<AnalysisDocument> SaveAsync(AnalysisDocument document, AnalysisRequest? request, string? owner, CancellationToken cancellationToken) =>
        SaveAsync(document, request, owner, null, cancellationToken);

    /// <summary>Saves <paramref name="document"/> and returns it marked saved, or marked not saved with the reason.</summary>
    /// <param name="request">The request it answered: its text is kept, redacted, only when <c>Storage:KeepInput</c> is on.</param>
    /// <param name="owner">The signed-in user who ran it (only they may delete it), or null.</param>
    /// <param name="cancellationToken">Stops waiting on the store; the analysis then answers as not saved.</param>
    /// <param name="records">
    /// Every record of the analysis, stored apart for paging (up to <c>Storage:MaxStoredRecordBytes</c>) even when the
    /// document carries none (<c>includeRecords=false</c>). Null stores none apart: the records pages then come from the
    /// document's own list (the dashboard's saves, which must not wait on compressing records).
    /// </param>
    public async Task<AnalysisDocument> SaveAsync(
        AnalysisDocument document, AnalysisRequest? request, string? owner, IReadOnlyList<LogRecord>? records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // Compressed before the store's clock starts: Storage:TimeoutSeconds is about the store answering, not the CPU.
            List<RecordChunk>? chunks = null;
            string? recordsNote = null;
            var storedCount = 0;
            if (records is not null)
            {
                chunks = [];
                foreach (var chunk in RecordChunks.Encode(records, settings.MaxStoredRecordBytes))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    chunks.Add(chunk);
                }

                storedCount = chunks.Sum(c => c.Count);
                recordsNote = storedCount < records.Count ? RecordsNotStoredNote(storedCount, records.Count, settings) : null;
            }

            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            var saved = document with { Saved = true, StorageNote = recordsNote };
            var stored = saved;
            byte[]? json;

            // Records the chunks hold in full are not written twice: the row keeps the document without them, and
            // reading it puts them back (the same document, at a tenth of the bytes: gzip chunks vs. JSON text).
            var recordsApart = false;
            if (chunks is not null && saved.Records is { } kept && kept.Count == records!.Count && storedCount == kept.Count)
            {
                stored = saved with { Records = null };
                json = JsonSerializer.SerializeToUtf8Bytes(stored, AnalysisJson.Options);
                recordsApart = true;
            }
            else if ((json = SerializeWithin(saved, settings.MaxDocumentBytes)) is null)
            {
                // Written only up to the limit: ten million records would be gigabytes of JSON held at once.
                var note = $"Saved without the per-record list: the document is over Storage:MaxDocumentBytes "
                    + $"({AnalysisRequestValidator.FormatSize(settings.MaxDocumentBytes)}).";
                saved = saved with { StorageNote = saved.StorageNote is null ? note : $"{note} {saved.StorageNote}" };
                stored = saved with { Records = null };
                json = JsonSerializer.SerializeToUtf8Bytes(stored, AnalysisJson.Options);
            }

            var row = new StoredAnalysis(
                stored.Id,
                stored.CreatedAt,
                TitleOf(stored),
                stored.Summary.TotalLines,
                stored.Groups.Count,
                TopIncidentCategory(stored),
                stored.Records is null && document.Records is not null && !recordsApart,
                Encoding.UTF8.GetString(json),
                settings.KeepInput && request is not null ? RedactedInput(request) : null,
                owner,
                records?.Count,
                recordsApart);
            await store.SaveAsync(row, chunks, timeout.Token).ConfigureAwait(false);
            return saved;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SaveFailed(logger, ex, document.Id, store.Provider);
            return document with { Saved = false, StorageNote = NotSavedReason(ex, timeout.IsCancellationRequested) };
        }
    }

    /// <summary>
    /// The document's JSON, or null when it would be over <paramref name="maxBytes"/> and carries records (then it is
    /// stored without them); the writing stops at the limit instead of holding the whole text first.
    /// </summary>
    private static byte[]? SerializeWithin(AnalysisDocument document, long maxBytes)
    {
        if (document.Records is null)
        {
            return JsonSerializer.SerializeToUtf8Bytes(document, AnalysisJson.Options);
        }

        using var stream = new BoundedBuffer(maxBytes);
        try
        {
            JsonSerializer.Serialize(stream, document, AnalysisJson.Options);
        }
        catch (BoundedBuffer.FullException)
        {
            return null;
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The saved document with at most <paramref name="maxRecords"/> of its records (the first ones; 0 for none), or null
    /// for an unknown id. Only the record chunks that hold them are read; the records left out are added to
    /// <c>truncated.records</c>, so the totals stay exact and the rest is paged from <c>GET …/{id}/records</c>.
    /// </summary>
    public async Task<AnalysisDocument?> GetAsync(string id, int maxRecords, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecords);
        var (json, recordsApart) = await store.GetDocumentRowAsync(id, cancellationToken).ConfigureAwait(false);
        if (json is null || JsonSerializer.Deserialize<AnalysisDocument>(json, AnalysisJson.Options) is not { } document)
        {
            return null;
        }

        if (!recordsApart)
        {
            return document.Records is { } held && held.Count > maxRecords
                ? WithRecordsCut(document with { Records = [.. held.Take(maxRecords)] }, held.Count - maxRecords)
                : document;
        }

        var stored = await store.GetRecordsAsync(id, 0, maxRecords, cancellationToken).ConfigureAwait(false);
        List<LogRecord> records = stored is null ? [] : [.. stored.Chunks.SelectMany(RecordChunks.Decode).Take(maxRecords)];
        var total = stored?.Total ?? stored?.Stored ?? records.Count; // as the POST counted: every record, stored or not
        return WithRecordsCut(document with { Records = records }, total - records.Count);
    }

    private static AnalysisDocument WithRecordsCut(AnalysisDocument document, int cut) =>
        cut <= 0 ? document : document with
        {
            Truncated = (document.Truncated ?? new Truncation()) with { Records = (document.Truncated?.Records ?? 0) + cut },
        };

    /// <summary>
    /// The records [<paramref name="offset"/>, +<paramref name="limit"/>) of a saved analysis, cut short where their JSON
    /// passes <paramref name="maxBytes"/> (at least one record is answered); null for an unknown id.
    /// </summary>
    public async Task<Api.RecordPage?> GetRecordsAsync(string id, int offset, int limit, long maxBytes, CancellationToken cancellationToken)
    {
        var stored = await store.GetRecordsAsync(id, offset, limit, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        IReadOnlyList<LogRecord> source;
        int total;
        var first = offset;
        if (stored.Stored is { } count)
        {
            total = count;
            source = [.. stored.Chunks.SelectMany(RecordChunks.Decode)];
            first = stored.Chunks.Count == 0 ? 0 : offset - stored.Chunks[0].FirstIndex;
        }
        else
        {
            // Saved before records were stored apart: the document's own records, when it kept them (within
            // Storage:MaxDocumentBytes).
            var document = await GetAsync(id, int.MaxValue, cancellationToken).ConfigureAwait(false);
            source = document?.Records ?? [];
            total = source.Count;
        }

        var page = new List<LogRecord>();
        long bytes = 0;
        for (var i = first; i < source.Count && page.Count < limit; i++)
        {
            bytes += Api.ResponseBounds.EstimateBytes(source[i]);
            if (bytes > maxBytes && page.Count > 0)
            {
                break;
            }

            page.Add(source[i]);
        }

        var end = offset + page.Count;
        return new Api.RecordPage
        {
            Total = total,
            Offset = offset,
            Limit = limit,
            Next = end < total && page.Count > 0 ? end : null,
            NotStored = stored.Total is { } had && had > total ? had - total : 0,
            Records = page,
        };
    }

    /// <summary>
    /// How many records of a saved analysis the store holds for paging (the first ones): null for an unknown id or one
    /// saved before records were stored apart.
    /// </summary>
    public async Task<int?> GetStoredRecordCountAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await store.GetRecordsAsync(id, 0, 0, cancellationToken).ConfigureAwait(false);
        return stored?.Stored;
    }

    /// <summary>
    /// The stored records at <paramref name="positions"/> (ascending record indexes) of a saved analysis, reading and
    /// inflating only the chunks that hold them, one at a time; positions past the stored records are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, LogRecord>> GetRecordsAtAsync(string id, IReadOnlyList<int> positions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var found = new Dictionary<int, LogRecord>();
        var i = 0;
        while (i < positions.Count)
        {
            var position = positions[i];
            var stored = await store.GetRecordsAsync(id, position, 1, cancellationToken).ConfigureAwait(false);
            if (stored is null || stored.Chunks.Count == 0)
            {
                break; // unknown, or past the stored records (they are a prefix: so is every later position)
            }

            var chunk = stored.Chunks[0];
            var records = RecordChunks.Decode(chunk);
            for (; i < positions.Count && positions[i] < chunk.FirstIndex + chunk.Count; i++)
            {
                if (positions[i] >= chunk.FirstIndex)
                {
                    found[positions[i]] = records[positions[i] - chunk.FirstIndex];
                }
            }
        }

        return found;
    }

    /// <summary>The user a request or circuit runs as, when access control names one (the owner of what it saves).</summary>
    public static string? UserOf(System.Security.Claims.ClaimsPrincipal? user) =>
        user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    /// <summary>The list title: the top error group's template, or that there was none.</summary>
    internal static string TitleOf(AnalysisDocument document)
    {
        var title = document.Groups.Count == 0
            ? $"No error groups in {document.Summary.TotalLines} lines"
            : document.Groups[0].Template.ReplaceLineEndings(" ").Trim();
        return title.Length <= TitleLength ? title : string.Concat(title.AsSpan(0, TitleLength - 1), "…");
    }

    /// <summary>
    /// The cause category of the first incident, read from the document's JSON so the store needs no change when the
    /// document gains fields; null when the document has no incidents.
    /// </summary>
    internal static string? TopIncidentCategory(AnalysisDocument document)
    {
        var node = JsonSerializer.SerializeToNode(document with { Records = null }, AnalysisJson.Options);
        return node?["incidents"] is JsonArray { Count: > 0 } incidents
               && incidents[0]?["causeCategory"] is JsonValue category
               && category.TryGetValue<string>(out var text)
            ? text
            : null;
    }

    /// <summary>The input with secrets replaced by the same placeholders the analysis shows.</summary>
    private string RedactedInput(AnalysisRequest request)
    {
        string text;
        if (request.Text is not null)
        {
            text = request.Text;
        }
        else
        {
            using var reader = new StreamReader(new MemoryStream(request.Bytes!.Value.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }

        return redactor.RedactInput(text, new RedactionTally()); // raw input: the first pass, as ingestion redacts it
    }

    private static string RecordsNotStoredNote(int stored, int total, StorageOptions settings) =>
        $"Records {stored + 1}–{total} were not stored for paging: the first {stored} reach Storage:MaxStoredRecordBytes "
        + $"({AnalysisRequestValidator.FormatSize(settings.MaxStoredRecordBytes)}).";

    private static string NotSavedReason(Exception ex, bool timedOut) => timedOut || ex is OperationCanceledException or TimeoutException
        ? "Not saved: the analysis store did not answer in time. The analysis is complete; export it or run it again later to get a permalink."
        : $"Not saved: the analysis store is unavailable ({ex.GetType().Name}). The analysis is complete; export it or run it again later to get a permalink.";

    private static partial class Log
    {
        [LoggerMessage(4002, LogLevel.Warning, "Analysis {AnalysisId} was not saved to the {Provider} store", EventName = "AnalysisNotSaved")]
        public static partial void SaveFailed(ILogger logger, Exception exception, string analysisId, string provider);
    }
}

/// <summary>A write-only memory buffer that refuses to grow past a limit (it throws <see cref="FullException"/>).</summary>
internal sealed class BoundedBuffer(long limit) : Stream
{
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _buffer.WrittenCount;

    public override long Position
    {
        get => _buffer.WrittenCount;
        set => throw new NotSupportedException();
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_buffer.WrittenCount + (long)buffer.Length > limit)
        {
            throw new FullException();
        }

        System.Buffers.BuffersExtensions.Write(_buffer, buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>The buffer is full.</summary>
    public sealed class FullException : IOException
    {
        public FullException()
            : base("The document is over its size limit.")
        {
        }
    }
}
