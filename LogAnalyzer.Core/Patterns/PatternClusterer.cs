using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Patterns;

/// <summary>Assigns every record to exactly one pattern (sets <see cref="LogRecord.PatternId"/>).</summary>
public sealed class PatternClusterer
{
    public IReadOnlyList<LogPattern> Cluster(IReadOnlyList<LogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var byTemplate = new Dictionary<string, List<LogRecord>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var record in records)
        {
            if (!byTemplate.TryGetValue(record.Message, out var list))
            {
                byTemplate[record.Message] = list = [];
                order.Add(record.Message);
            }

            list.Add(record);
        }

        var patterns = new List<LogPattern>(order.Count);
        foreach (var template in order)
        {
            var members = byTemplate[template];
            var id = "P" + (patterns.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var r in members)
            {
                r.PatternId = id;
            }

            patterns.Add(new LogPattern
            {
                Id = id, Template = template, Count = members.Count,
                FirstLine = members[0].LineStart, LastLine = members[^1].LineStart,
            });
        }

        return patterns;
    }
}
