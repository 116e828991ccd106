using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// What one pass over the records learns about a group: its first and last member, the nearest calm record
/// before the first member, a bounded set of members to examine, and a bounded list of timestamps.
/// </summary>
internal sealed class GroupFacts(ErrorGroup group)
{
    public ErrorGroup Group { get; } = group;

    /// <summary>Members found by <see cref="LogRecord.GroupId"/>, in input order.</summary>
    public int Found { get; set; }

    public LogRecord? First { get; set; }

    public LogRecord? Last { get; set; }

    /// <summary>The nearest record before <see cref="First"/> that is in no group, has no exception and is below Warning.</summary>
    public LogRecord? Preceding { get; set; }

    /// <summary>The first members (bounded) plus the last one: what the matcher reads.</summary>
    public List<LogRecord> Examined { get; } = [];

    /// <summary>Timestamps of the first members (bounded), with their record.</summary>
    public List<(long Ticks, LogRecord Record)> Times { get; } = [];

    /// <summary>True when members beyond <see cref="GroupFactsCollector.TimeLimit"/> were not read for timestamps.</summary>
    public bool TimesCapped { get; set; }
}
