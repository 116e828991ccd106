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

    private static List<RecordRow> Build(IReadOnlyList<LogRecord> records, List<int> focus, int context)
    {
        var rows = new List<RecordRow>();
        if (focus.Count == 0)
        {
            return rows;
        }

        var highlighted = new HashSet<int>(focus);
        var next = 0;
        var pendingFrom = -1;
        var pendingTo = -1;
        foreach (var index in focus)
        {
            var from = Math.Max(0, index - context);
            var to = Math.Min(records.Count - 1, index + context);
            if (pendingFrom >= 0 && from <= pendingTo + 1)
            {
                pendingTo = Math.Max(pendingTo, to);
                continue;
            }

            if (pendingFrom >= 0)
            {
                Emit(pendingFrom, pendingTo);
            }

            pendingFrom = from;
            pendingTo = to;
        }

        Emit(pendingFrom, pendingTo);
        return rows;

        void Emit(int from, int to)
        {
            for (var i = from; i <= to; i++)
            {
                rows.Add(new RecordRow(records[i], highlighted.Contains(i), i == from ? from - next : 0));
            }

            next = to + 1;
        }
    }
}
