using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// A group's text (exception chain, messages, template, bounded member records and samples) scanned once for every
/// catalogue term with one multi-string search; rules are then evaluated over the hits only.
/// </summary>
internal sealed class GroupScan
{
    /// <summary>Characters of one record's text that are read (stack traces can be long).</summary>
    public const int MaxScanChars = 16 * 1024;

    private const int MaxHitsPerSegment = 256;

    private GroupScan(List<TextSegment> segments, List<TermHit> hits, bool[] present, int examinedCount)
    {
        Segments = segments;
        Hits = hits;
        Present = present;
        ExaminedCount = examinedCount;
    }

    public List<TextSegment> Segments { get; }

    public List<TermHit> Hits { get; }

    /// <summary>By term index: found at least once.</summary>
    public bool[] Present { get; }

    public int ExaminedCount { get; }

    public static GroupScan Create(GroupFacts facts, RuleCatalogue catalogue)
    {
        var segments = BuildSegments(facts);
        var hits = new List<TermHit>();
        var present = new bool[catalogue.Terms.Length];
        for (var s = 0; s < segments.Count; s++)
        {
            Scan(segments[s].Text, s, catalogue, hits, present);
        }

        return new GroupScan(segments, hits, present, facts.Examined.Count);
    }

    private static List<TextSegment> BuildSegments(GroupFacts facts)
    {
        var group = facts.Group;
        var segments = new List<TextSegment>();
        var types = new HashSet<string>(StringComparer.Ordinal);
        var messages = new HashSet<string>(StringComparer.Ordinal);

        foreach (var type in group.ExceptionTypes)
        {
            if (!string.IsNullOrEmpty(type) && types.Add(type))
            {
                segments.Add(new TextSegment(SegmentKind.ExceptionType, type, 0, 0, -1, type));
            }
        }

        for (var slot = 0; slot < facts.Examined.Count; slot++)
        {
            if (facts.Examined[slot].Exception is not { } exception)
            {
                continue;
            }

            AddException(segments, exception.Type, exception.Message, slot, innermost: false);
            for (var c = 0; c < exception.Causes.Count; c++)
            {
                var cause = exception.Causes[c];
                AddException(segments, cause.Type, cause.Message, slot, innermost: c == exception.Causes.Count - 1);
            }
        }

        if (!string.IsNullOrEmpty(group.Template))
        {
            segments.Add(new TextSegment(SegmentKind.Template, group.Template, 0, 0, -1));
        }

        var lines = new HashSet<int>();
        for (var slot = 0; slot < facts.Examined.Count; slot++)
        {
            var record = facts.Examined[slot];
            var text = string.IsNullOrEmpty(record.Text) ? record.Message : record.Text;
            if (!string.IsNullOrEmpty(text) && lines.Add(record.LineStart))
            {
                segments.Add(new TextSegment(SegmentKind.RecordText, text, record.LineStart, Math.Max(record.LineStart, record.LineEnd), slot));
            }
        }

        // Samples matter when the records carry no group id (or were not passed): they are the group's own lines.
        foreach (var sample in group.Samples)
        {
            if (sample is not null && !string.IsNullOrEmpty(sample.Text) && sample.LineStart > 0 && lines.Add(sample.LineStart))
            {
                segments.Add(new TextSegment(SegmentKind.RecordText, sample.Text, sample.LineStart, Math.Max(sample.LineStart, sample.LineEnd), -1));
            }
        }

        return segments;

        void AddException(List<TextSegment> list, string? type, string? message, int slot, bool innermost)
        {
            if (!string.IsNullOrEmpty(type))
            {
                list.Add(new TextSegment(SegmentKind.ExceptionType, type, 0, 0, slot, type, innermost));
                types.Add(type);
            }

            if (!string.IsNullOrEmpty(message) && (messages.Add(message) || innermost))
            {
                list.Add(new TextSegment(SegmentKind.ExceptionMessage, message, 0, 0, slot, type, innermost));
            }
        }
    }

    private static void Scan(string text, int segment, RuleCatalogue catalogue, List<TermHit> hits, bool[] present)
    {
        var span = text.AsSpan(0, Math.Min(text.Length, MaxScanChars));
        var found = 0;
        var pos = 0;
        while (pos < span.Length && found < MaxHitsPerSegment)
        {
            var offset = span[pos..].IndexOfAny(catalogue.Search);
            if (offset < 0)
            {
                break;
            }

            var at = pos + offset;
            if (catalogue.TermsByFirstChar.TryGetValue(char.ToUpperInvariant(span[at]), out var candidates))
            {
                var rest = span[at..];
                foreach (var t in candidates)
                {
                    var term = catalogue.Terms[t];
                    if (rest.StartsWith(term.Text, StringComparison.OrdinalIgnoreCase)
                        && (!term.WholeWord || IsWordAt(span, at, term.Text.Length)))
                    {
                        hits.Add(new TermHit(t, segment, at));
                        present[t] = true;
                        found++;
                    }
                }
            }

            pos = at + 1;
        }
    }

    private static bool IsWordAt(ReadOnlySpan<char> span, int start, int length)
    {
        var end = start + length;
        if ((start > 0 && char.IsLetterOrDigit(span[start - 1])) || (end < span.Length && char.IsLetterOrDigit(span[end])))
        {
            return false;
        }

        // A number term is not part of a larger number, time or decimal ("09:00:02,500", "1.503", "500.25").
        return !char.IsAsciiDigit(span[start])
            || ((start < 2 || span[start - 1] is not ('.' or ',' or ':') || !char.IsAsciiDigit(span[start - 2]))
                && (end + 1 >= span.Length || span[end] is not ('.' or ',' or ':') || !char.IsAsciiDigit(span[end + 1])));
    }

    /// <summary>The input line of a position in a record segment (clamped to the record's lines).</summary>
    public int LineOf(TermHit hit)
    {
        var segment = Segments[hit.Segment];
        if (segment.FirstLine <= 0)
        {
            return 0;
        }

        var newlines = segment.Text.AsSpan(0, hit.Position).Count('\n');
        return Math.Min(segment.FirstLine + newlines, segment.LastLine);
    }

    /// <summary>
    /// True when a hit in record text sits on a "Caused by" line; <paramref name="innermost"/> when that line is the
    /// record's last one (the deepest cause of the chain).
    /// </summary>
    public bool OnCauseLine(TermHit hit, out bool innermost)
    {
        innermost = false;
        var segment = Segments[hit.Segment];
        if (segment.Kind != SegmentKind.RecordText)
        {
            return false;
        }

        var text = segment.Text;
        var start = hit.Position == 0 ? 0 : text.LastIndexOf('\n', hit.Position - 1) + 1;
        var line = text.AsSpan(start).TrimStart();
        var marker = line.StartsWith(CausedBy, StringComparison.Ordinal) ? CausedBy
            : line.StartsWith(InnerArrow, StringComparison.Ordinal) ? InnerArrow
            : null;
        if (marker is null)
        {
            return false;
        }

        // The deepest cause is the last "Caused by:" (JVM) or " ---> " (.NET) line of the record.
        var last = Math.Max(text.LastIndexOf("\n" + marker, StringComparison.Ordinal), LastIndented(text, marker));
        var end = text.IndexOf('\n', hit.Position);
        innermost = last >= start - 1 && (end < 0 || last < end);
        return true;
    }

    private const string CausedBy = "Caused by:";

    private const string InnerArrow = "---> ";

    /// <summary>The newline before the last line that starts, after indentation, with <paramref name="marker"/>.</summary>
    private static int LastIndented(string text, string marker)
    {
        var at = text.LastIndexOf(marker, StringComparison.Ordinal);
        while (at > 0)
        {
            var lineStart = text.LastIndexOf('\n', at - 1);
            if (text.AsSpan(lineStart + 1, at - lineStart - 1).IsWhiteSpace())
            {
                return lineStart;
            }

            at = text.LastIndexOf(marker, at - 1, StringComparison.Ordinal);
        }

        return -1;
    }

    /// <summary>The severity gate of a rule.</summary>
    public static bool SeverityAllows(InsightRule rule, ErrorGroup group) =>
        rule.MinSeverity is not { } min || group.Severity >= min;
}
