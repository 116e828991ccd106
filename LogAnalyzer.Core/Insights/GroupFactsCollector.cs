using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>One pass over all records, bounded work per group member.</summary>
internal static class GroupFactsCollector
{
    /// <summary>How many members (from the first) the matcher reads, besides the last one.</summary>
    public const int ExamineLimit = 8;

    /// <summary>How many member timestamps burst detection keeps per group.</summary>
    public const int TimeLimit = 2048;

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
        string? lastId = null;
        var lastIndex = -1;
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            if (record is null)
            {
                continue;
            }

            var groupId = record.GroupId;
            int g;
            if (groupId is null)
            {
                g = -1;
            }
            else if (ReferenceEquals(groupId, lastId))
            {
                // Members of one group usually share the id instance: skip the hash lookup.
                g = lastIndex;
            }
            else
            {
                g = byId.TryGetValue(groupId, out var found) ? found : -1;
                lastId = groupId;
                lastIndex = g;
            }

            if (g >= 0)
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

                if (f.Times.Count < TimeLimit)
                {
                    if (record.Timestamp is { } ts)
                    {
                        f.Times.Add((ts.UtcTicks, record));
                    }
                }
                else
                {
                    f.TimesCapped = true;
                }
            }
            else if (groupId is null && record.Exception is null && record.Level is null or < Severity.Warning)
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
