using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Grouping;

/// <summary>Forms error groups from Warning+ records and records with exceptions (sets <see cref="LogRecord.GroupId"/>).</summary>
public sealed class ErrorGrouper
{
    public IReadOnlyList<ErrorGroup> Group(IReadOnlyList<LogRecord> records, IReadOnlyList<LogPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(patterns);
        return [];
    }
}
