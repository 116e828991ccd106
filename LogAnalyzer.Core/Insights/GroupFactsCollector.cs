using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>One pass over all records, bounded work per group member.</summary>
internal static class GroupFactsCollector
{
    /// <summary>How many members (from the first) the matcher reads, besides the last one.</summary>
    public const int ExamineLimit = 8;

    /// <summary>How many member timestamps burst detection keeps per group.</summary>
    public const int TimeLimit = 4096;

    public static GroupFacts[] Collect(IReadOnlyList<ErrorGroup> groups, IReadOnlyList<LogRecord> records)
    {
        var facts = new GroupFacts[groups.Count];
        var byId = new Dictionary<string, int>(groups.Count, StringComparer.Ordinal);
        for (var i = 0; i < groups.Count; i++)
        {
            facts[i] = new GroupFacts(groups[i]);
            byId.TryAdd(groups[i].Id, i);
        }

        LogRecord? calm = null;
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            if (record is null)
            {
                continue;
            }

            if (record.GroupId is { } groupId && byId.TryGetValue(groupId, out var g))
            {
                var f = facts[g];
                if (f.First is null)
                {
                    f.First = record;
                    f.Preceding = calm;
                }

                f.Last = record;
                f.Found++;
                if (f.Examined.Count < ExamineLimit)
                {
                    f.Examined.Add(record);
                }

                if (record.Timestamp is { } ts)
                {
                    if (f.Times.Count < TimeLimit)
                    {
                        f.Times.Add((ts.UtcTicks, record));
                    }
                    else
                    {
                        f.TimesCapped = true;
                    }
                }
            }
            else if (record.GroupId is null && record.Exception is null && record.Level is null or < Severity.Warning)
            {
                calm = record;
            }
        }

        foreach (var f in facts)
        {
            if (f.Last is { } last && !f.Examined.Exists(x => ReferenceEquals(x, last)))
            {
                f.Examined.Add(last);
            }
        }

        return facts;
    }
}
