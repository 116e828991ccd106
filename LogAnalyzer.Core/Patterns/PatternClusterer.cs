using System.Buffers;
using System.Globalization;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Patterns;

/// <summary>
/// Assigns every record to exactly one pattern (sets <see cref="LogRecord.PatternId"/>): each message is masked by
/// <see cref="TemplateMasker"/> in one pass, identical masked texts are counted once, and the distinct templates are
/// then merged by <see cref="TemplateClustering"/>.
/// </summary>
public sealed class PatternClusterer
{
    public IReadOnlyList<LogPattern> Cluster(IReadOnlyList<LogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var count = records.Count;
        var uniqueOfRecord = new int[count];
        var masked = new List<string>();
        var uniqueCounts = new List<int>();
        var requestEvents = new HashSet<int>();
        MaskAll(records, uniqueOfRecord, masked, uniqueCounts, requestEvents);

        var clusterOfUnique = ClusterTemplates(masked, uniqueCounts, requestEvents, out var clusterTemplates);
        return BuildPatterns(records, uniqueOfRecord, clusterOfUnique, clusterTemplates);
    }

    /// <summary>
    /// Free templates are merged by <see cref="TemplateClustering"/>; an access-log request event (method, path shape,
    /// status) is a cluster of its own, so requests of different statuses never merge.
    /// </summary>
    private static int[] ClusterTemplates(List<string> masked, List<int> counts, HashSet<int> requestEvents, out List<string> clusterTemplates)
    {
        if (requestEvents.Count == 0)
        {
            return TemplateClustering.Cluster(masked, counts, out clusterTemplates);
        }

        var free = new List<int>(masked.Count - requestEvents.Count);
        for (var u = 0; u < masked.Count; u++)
        {
            if (!requestEvents.Contains(u))
            {
                free.Add(u);
            }
        }

        var freeClusters = TemplateClustering.Cluster(free.ConvertAll(u => masked[u]), free.ConvertAll(u => counts[u]), out clusterTemplates);
        var result = new int[masked.Count];
        for (var k = 0; k < free.Count; k++)
        {
            result[free[k]] = freeClusters[k];
        }

        foreach (var u in requestEvents.Order())
        {
            result[u] = clusterTemplates.Count;
            clusterTemplates.Add(masked[u]);
        }

        return result;
    }

    /// <summary>
    /// An access-log record's event, derived from the format's fields: the masked request line and the literal HTTP
    /// status ("GET &lt;path&gt; HTTP/&lt;num&gt; 502"). The status is what the server did, so it is part of the event, not a
    /// variable; bytes, referer and user agent are per-request values and are left out. Null for other records.
    /// </summary>
    internal static string? RequestEvent(LogRecord record)
    {
        if (record.Format != LogFormat.AccessLog || record.Fields is not { } fields || !fields.TryGetValue("status", out var status))
        {
            return null;
        }

        var request = string.Join(' ', new[] { fields.GetValueOrDefault("method"), fields.GetValueOrDefault("path"), fields.GetValueOrDefault("protocol") }.Where(f => f is not null));
        return TemplateMasker.Mask(request) + " " + status;
    }

    /// <summary>
    /// The hot path: one masking pass per record into a pooled buffer, one span lookup, no per-record strings.
    /// Logs repeat whole messages ("Connection reset by peer", "Receiving block …" with the same block), so a bounded
    /// memo of raw message → template skips masking a message already seen; it turns itself off when the input's
    /// messages hardly ever repeat, so unique-heavy inputs pay only for the probe window.
    /// </summary>
    private static void MaskAll(IReadOnlyList<LogRecord> records, int[] uniqueOfRecord, List<string> masked, List<int> uniqueCounts, HashSet<int> requestEvents)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        var requestIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var memo = new MessageMemo();
        var buffer = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                if (RequestEvent(records[i]) is { } requestEvent)
                {
                    if (!requestIndex.TryGetValue(requestEvent, out var request))
                    {
                        request = masked.Count;
                        requestIndex.Add(requestEvent, request);
                        masked.Add(requestEvent);
                        uniqueCounts.Add(0);
                        requestEvents.Add(request);
                    }

                    uniqueCounts[request]++;
                    uniqueOfRecord[i] = request;
                    continue;
                }

                var message = records[i].MessageMemory.Span;
                if (memo.TryGet(message, out var unique))
                {
                    uniqueCounts[unique]++;
                    uniqueOfRecord[i] = unique;
                    continue;
                }

                var need = TemplateMasker.MaxOutputLength(message.Length);
                if (buffer.Length < need)
                {
                    ArrayPool<char>.Shared.Return(buffer);
                    buffer = ArrayPool<char>.Shared.Rent(need);
                }

                var written = TemplateMasker.Mask(message, buffer);
                var key = new ReadOnlySpan<char>(buffer, 0, written);
                if (!lookup.TryGetValue(key, out unique))
                {
                    unique = masked.Count;
                    var text = key.ToString();
                    index.Add(text, unique);
                    masked.Add(text);
                    uniqueCounts.Add(0);
                }

                memo.Add(message, unique);
                uniqueCounts[unique]++;
                uniqueOfRecord[i] = unique;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static List<LogPattern> BuildPatterns(
        IReadOnlyList<LogRecord> records, int[] uniqueOfRecord, int[] clusterOfUnique, List<string> clusterTemplates)
    {
        var clusterCount = clusterTemplates.Count;
        var patternOfCluster = new int[clusterCount];
        Array.Fill(patternOfCluster, -1);
        var stats = new List<PatternStats>();
        var ids = new List<string>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var cluster = clusterOfUnique[uniqueOfRecord[i]];
            var p = patternOfCluster[cluster];
            if (p < 0)
            {
                p = patternOfCluster[cluster] = stats.Count;
                stats.Add(new PatternStats(cluster, record.LineStart));
                ids.Add("P" + (p + 1).ToString(CultureInfo.InvariantCulture));
            }

            record.PatternId = ids[p];
            stats[p].Add(record);
        }

        var patterns = new List<LogPattern>(stats.Count);
        for (var p = 0; p < stats.Count; p++)
        {
            var s = stats[p];
            patterns.Add(new LogPattern
            {
                Id = ids[p],
                Template = clusterTemplates[s.Cluster],
                Count = s.Count,
                Level = s.DominantLevel(),
                FirstLine = s.FirstLine,
                LastLine = s.LastLine,
                FirstTimestamp = s.FirstTimestamp,
                LastTimestamp = s.LastTimestamp,
            });
        }

        return patterns;
    }

    private sealed class PatternStats(int cluster, int firstLine)
    {
        private readonly int[] levelCounts = new int[(int)Severity.Critical + 1];

        public int Cluster { get; } = cluster;

        public int FirstLine { get; } = firstLine;

        public int LastLine { get; private set; } = firstLine;

        public int Count { get; private set; }

        public DateTimeOffset? FirstTimestamp { get; private set; }

        public DateTimeOffset? LastTimestamp { get; private set; }

        public void Add(LogRecord record)
        {
            Count++;
            LastLine = record.LineStart;
            if (record.Level is { } level && (uint)level < (uint)levelCounts.Length)
            {
                levelCounts[(int)level]++;
            }

            if (record.Timestamp is { } ts)
            {
                if (FirstTimestamp is null || ts < FirstTimestamp)
                {
                    FirstTimestamp = ts;
                }

                if (LastTimestamp is null || ts > LastTimestamp)
                {
                    LastTimestamp = ts;
                }
            }
        }

        /// <summary>The most frequent level; on a tie the more severe one. Null when no member has a level.</summary>
        public Severity? DominantLevel()
        {
            Severity? best = null;
            var bestCount = 0;
            for (var l = 0; l < levelCounts.Length; l++)
            {
                if (levelCounts[l] > 0 && levelCounts[l] >= bestCount)
                {
                    best = (Severity)l;
                    bestCount = levelCounts[l];
                }
            }

            return best;
        }
    }
}
