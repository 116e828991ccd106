using System.IO.Compression;
using System.Text.Json;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Api;

namespace LogAnalyzer.Web.Storage;

/// <summary>
/// How an analysis's records are stored for paging: runs of consecutive records, each a gzip-compressed JSON array of
/// the records exactly as the document writes them. A chunk holds at most <see cref="MaxChunkRecords"/> records or about
/// <see cref="MaxChunkBytes"/> bytes of JSON, so a page reads and inflates only a few of them.
/// </summary>
internal static class RecordChunks
{
    public const int MaxChunkRecords = 1_000;

    public const long MaxChunkBytes = 1024 * 1024;

    /// <summary>
    /// The first records of <paramref name="records"/> whose JSON (estimated as the API's byte cap estimates it) fits
    /// <paramref name="maxBytes"/>, as chunks made one at a time while they are enumerated (one pass: each record's size
    /// is estimated once).
    /// </summary>
    public static IEnumerable<RecordChunk> Encode(IReadOnlyList<LogRecord> records, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(records);
        long total = 0;
        long chunkBytes = 0;
        var first = 0;
        var count = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var bytes = ResponseBounds.EstimateBytes(records[i]);
            total += bytes;
            if (total > maxBytes)
            {
                break;
            }

            if (count > 0 && (count == MaxChunkRecords || chunkBytes >= MaxChunkBytes))
            {
                yield return new RecordChunk(first, count, Compress(records, first, count));
                first = i;
                count = 0;
                chunkBytes = 0;
            }

            count++;
            chunkBytes += bytes;
        }

        if (count > 0)
        {
            yield return new RecordChunk(first, count, Compress(records, first, count));
        }
    }

    /// <summary>The records of one chunk.</summary>
    public static List<LogRecord> Decode(RecordChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        using var gzip = new GZipStream(new MemoryStream(chunk.Data), CompressionMode.Decompress);
        var records = JsonSerializer.Deserialize<List<LogRecord>>(gzip, AnalysisJson.Options) ?? [];
        return records.Count == chunk.Count
            ? records
            : throw new InvalidDataException($"A stored record chunk at {chunk.FirstIndex} holds {records.Count} records, not {chunk.Count}.");
    }

    private static byte[] Compress(IReadOnlyList<LogRecord> records, int first, int count)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, Slice(records, first, count), AnalysisJson.Options);
        }

        return buffer.ToArray();
    }

    private static IEnumerable<LogRecord> Slice(IReadOnlyList<LogRecord> records, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            yield return records[i];
        }
    }
}
