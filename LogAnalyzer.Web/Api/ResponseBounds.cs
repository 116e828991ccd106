using System.Text;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Api;

/// <summary>
/// Cuts an analysis document to the API's limits (<see cref="ApiOptions"/>) and says what was cut, so a response's
/// size is bounded whatever the input: groups and insights keep their order (most severe first), patterns keep the
/// most frequent, records keep the first by position until the count or byte budget is reached.
/// </summary>
internal static class ResponseBounds
{
    /// <summary>A record's JSON beyond its text: index, lines, timestamp, level, format, ids, property names.</summary>
    internal const int RecordOverheadBytes = 200;

    /// <summary>
    /// An analysis as the API answers it (the POST, the GET of a saved one, the permalink page): cut to
    /// <paramref name="limits"/>, with <c>truncated.recordsNext</c> when records of a saved one were cut.
    /// </summary>
    public static AnalysisDocument Answer(AnalysisDocument document, ApiOptions limits) =>
        WithRecordsPage(Apply(document, limits), limits);

    /// <summary>The path of the records page of analysis <paramref name="id"/> that starts at <paramref name="offset"/>.</summary>
    public static string RecordsPath(string id, int offset, int limit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/api/v1/analyses/{id}/records?offset={offset}&limit={limit}");

    /// <summary>Where records were cut from a saved analysis, <c>truncated.recordsNext</c> is the path of the page that follows.</summary>
    private static AnalysisDocument WithRecordsPage(AnalysisDocument document, ApiOptions limits) =>
        document is { Saved: true, Truncated: { Records: > 0 } cut, Records: { } sent }
            ? document with { Truncated = cut with { RecordsNext = RecordsPath(document.Id, sent.Count, limits.RecordsPageSize) } }
            : document;

    /// <param name="document">The analysis.</param>
    /// <param name="limits">The lists' limits, and the records' byte budget.</param>
    /// <param name="cutRecords">False to leave the records whole (they are paged instead).</param>
    /// <param name="maxRecords">At most this many records, instead of <c>Api:MaxRecords</c> (what a dashboard tab keeps).</param>
    public static AnalysisDocument Apply(AnalysisDocument document, ApiOptions limits, bool cutRecords = true, int? maxRecords = null)
    {
        var patterns = MostFrequent(document.Patterns, limits.MaxPatterns);
        var groups = First(document.Groups, limits.MaxGroups);
        var kept = groups.Count == document.Groups.Count ? null : groups.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var insights = First(kept is null ? document.Insights : [.. document.Insights.Where(i => kept.Contains(i.GroupId))], limits.MaxInsights);
        var merges = kept is null ? document.Merges : [.. document.Merges.Where(m => m.GroupIds.All(kept.Contains))];
        var records = cutRecords && document.Records is { } all ? FirstRecords(all, maxRecords ?? limits.MaxRecords, limits.MaxRecordBytes) : document.Records;
        // A document cut before (a saved one is stored within the limits) keeps what was cut then.
        var before = document.Truncated ?? new Truncation();
        var truncation = before with
        {
            Patterns = before.Patterns + document.Patterns.Count - patterns.Count,
            Groups = before.Groups + document.Groups.Count - groups.Count,
            Insights = before.Insights + document.Insights.Count - insights.Count,
            Merges = before.Merges + document.Merges.Count - merges.Count,
            Records = before.Records + (document.Records?.Count ?? 0) - (records?.Count ?? 0),
        };
        var cut = truncation is { Patterns: 0, Groups: 0, Insights: 0, Merges: 0, Records: 0 } ? null : truncation;
        return cut is null && document.Truncated is null
            ? document
            : document with { Patterns = patterns, Groups = groups, Insights = insights, Merges = merges, Records = records, Truncated = cut };
    }

    private static IReadOnlyList<T> First<T>(IReadOnlyList<T> items, int max) =>
        items.Count <= max ? items : [.. items.Take(max)];

    private static IReadOnlyList<LogPattern> MostFrequent(IReadOnlyList<LogPattern> patterns, int max)
    {
        if (patterns.Count <= max)
        {
            return patterns;
        }

        var keep = Enumerable.Range(0, patterns.Count)
            .OrderByDescending(i => patterns[i].Count)
            .ThenBy(i => i)
            .Take(max)
            .Order()
            .Select(i => patterns[i]);
        return [.. keep];
    }

    private static IReadOnlyList<LogRecord> FirstRecords(IReadOnlyList<LogRecord> records, int maxRecords, long maxBytes)
    {
        long bytes = 0;
        var count = 0;
        var max = Math.Min(records.Count, maxRecords);
        while (count < max)
        {
            bytes += EstimateBytes(records[count]);
            if (bytes > maxBytes)
            {
                break;
            }

            count++;
        }

        return count == records.Count ? records : new RecordPrefix(records, count);
    }

    /// <summary>About how many bytes a record's JSON takes (text, message, fields and parsed exception included).</summary>
    internal static long EstimateBytes(LogRecord record)
    {
        long bytes = RecordOverheadBytes
            + Encoding.UTF8.GetByteCount(record.TextMemory.Span)
            + Encoding.UTF8.GetByteCount(record.MessageMemory.Span)
            + (record.Source?.Length ?? 0);
        if (record.Fields is { } fields)
        {
            foreach (var (key, value) in fields)
            {
                bytes += 8 + Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
            }
        }

        if (record.Exception is { } exception)
        {
            bytes += 100 + exception.Type.Length + (exception.Message?.Length ?? 0) + FramesBytes(exception.Frames);
            foreach (var cause in exception.Causes)
            {
                bytes += 60 + cause.Type.Length + (cause.Message?.Length ?? 0) + FramesBytes(cause.Frames);
            }
        }

        return bytes;
    }

    private static long FramesBytes(IReadOnlyList<StackFrameInfo> frames)
    {
        long bytes = 0;
        foreach (var frame in frames)
        {
            bytes += 60 + frame.Function.Length + (frame.File?.Length ?? 0);
        }

        return bytes;
    }

    /// <summary>The first <see cref="Count"/> records of a list, without copying them.</summary>
    private sealed class RecordPrefix(IReadOnlyList<LogRecord> records, int count) : IReadOnlyList<LogRecord>
    {
        public int Count => count;

        public LogRecord this[int index] => (uint)index < (uint)count ? records[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<LogRecord> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return records[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
