using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Storage;

/// <summary>
/// Two analyses compared group by group (matched by fingerprint): what is new in <see cref="After"/>, what it no longer
/// has (resolved), what changed (count, first/last seen, severity) and what did not.
/// </summary>
public sealed record AnalysisComparison
{
    public required ComparedAnalysis Before { get; init; }

    public required ComparedAnalysis After { get; init; }

    public required IReadOnlyList<ComparedGroup> New { get; init; }

    public required IReadOnlyList<ComparedGroup> Resolved { get; init; }

    public required IReadOnlyList<GroupChange> Changed { get; init; }

    public required IReadOnlyList<ComparedGroup> Unchanged { get; init; }

    public required ComparisonTotals Totals { get; init; }
}

/// <summary>One side of a comparison.</summary>
public sealed record ComparedAnalysis(string Id, DateTimeOffset CreatedAt, int Lines, int Records, int Groups);

/// <summary>A group as one side of a comparison has it.</summary>
public sealed record ComparedGroup(
    string Fingerprint,
    string GroupId,
    string Label,
    string Template,
    int Count,
    Severity Severity,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen)
{
    public static ComparedGroup Of(ErrorGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new(group.Fingerprint, group.Id, group.Label, group.Template, group.Count, group.Severity, group.FirstSeen, group.LastSeen);
    }
}

/// <summary>A group both analyses have, with what differs ("count", "severity", "firstSeen", "lastSeen").</summary>
public sealed record GroupChange(string Fingerprint, ComparedGroup Before, ComparedGroup After, IReadOnlyList<string> Changes)
{
    /// <summary>After's count minus before's.</summary>
    public int CountDelta => After.Count - Before.Count;
}

/// <summary>How many groups fall in each class, and the records each side has in groups.</summary>
public sealed record ComparisonTotals(int New, int Resolved, int Changed, int Unchanged, int GroupedRecordsBefore, int GroupedRecordsAfter);
