using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>Chooses which records to show around a group or around cited lines.</summary>
public static class RecordWindow
{
    /// <summary>Every record of the group, each with <paramref name="context"/> neighbours on both sides.</summary>
    public static IReadOnlyList<RecordRow> ForGroup(IReadOnlyList<LogRecord> records, string groupId, int context)
    {
        ArgumentNullException.ThrowIfNull(records);
        var focus = new List<int>();
        for (var i = 0; i < records.Count; i++)
        {
            if (string.Equals(records[i].GroupId, groupId, StringComparison.Ordinal))
            {
                focus.Add(i);
            }
        }

        return Build(records, focus, context);
    }

    /// <summary>The records holding <paramref name="lines"/> (1-based input lines), with neighbours.</summary>
    public static IReadOnlyList<RecordRow> AroundLines(IReadOnlyList<LogRecord> records, IEnumerable<int> lines, int context)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(lines);
        var focus = lines.Select(l => IndexOfLine(records, l)).Where(i => i >= 0).Distinct().Order().ToList();
        return Build(records, focus, context);
    }

    /// <summary>The index of the record covering <paramref name="line"/>, or -1.</summary>
    public static int IndexOfLine(IReadOnlyList<LogRecord> records, int line)
    {
        ArgumentNullException.ThrowIfNull(records);
        int lo = 0, hi = records.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var r = records[mid];
            if (line < r.LineStart)
            {
                hi = mid - 1;
            }
            else if (line > r.LineEnd)
            {
                lo = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    /// <summary>
    /// The records at <paramref name="focus"/> (ascending positions among <paramref name="total"/> records), each with
    /// <paramref name="context"/> neighbours, read through <paramref name="at"/>: a position it has no record for is left
    /// out and counted in the next row's <see cref="RecordRow.SkippedBefore"/> (records held elsewhere, or not at all).
    /// </summary>
    public static IReadOnlyList<RecordRow> AroundPositions(IReadOnlyList<int> focus, int total, int context, Func<int, LogRecord?> at)
    {
        ArgumentNullException.ThrowIfNull(focus);
        ArgumentNullException.ThrowIfNull(at);
        return Build(total, focus, context, at);
    }

    /// <summary>The positions <see cref="AroundPositions"/> reads: every focus with its neighbours, ascending, once each.</summary>
    public static IReadOnlyList<int> Spans(IReadOnlyList<int> focus, int total, int context)
    {
        ArgumentNullException.ThrowIfNull(focus);
        var positions = new List<int>();
        var next = 0;
        foreach (var index in focus)
        {
            for (var i = Math.Max(next, index - context); i <= Math.Min(total - 1, index + context); i++)
            {
                positions.Add(i);
            }

            next = Math.Max(next, index + context + 1);
        }

        return positions;
    }

    private static List<RecordRow> Build(IReadOnlyList<LogRecord> records, List<int> focus, int context) =>
        Build(records.Count, focus, context, i => records[i]);

    private static List<RecordRow> Build(int total, IReadOnlyList<int> focus, int context, Func<int, LogRecord?> at)
    {
        var rows = new List<RecordRow>();
        var highlighted = new HashSet<int>(focus);
        var shownUpTo = -1; // the position of the last row, or -1
        foreach (var position in Spans(focus, total, context))
        {
            if (at(position) is { } record)
            {
                rows.Add(new RecordRow(record, highlighted.Contains(position), position - shownUpTo - 1));
                shownUpTo = position;
            }
        }

        return rows;
    }
}
