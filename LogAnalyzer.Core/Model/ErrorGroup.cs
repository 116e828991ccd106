namespace LogAnalyzer.Core.Model;

/// <summary>A recurring error: records at Warning or above, or with an exception, that share a fingerprint.</summary>
public sealed record ErrorGroup
{
    /// <summary>"A", "B", … ("Z", then "AA", "AB", …).</summary>
    public required string Id { get; init; }

    /// <summary>"Error Group A".</summary>
    public required string Label { get; init; }

    public required int Count { get; init; }

    public required Severity Severity { get; init; }

    public IReadOnlyList<string> ExceptionTypes { get; init; } = [];

    public required string Template { get; init; }

    public IReadOnlyList<string> PatternIds { get; init; } = [];

    public required int FirstLine { get; init; }

    public required int LastLine { get; init; }

    public DateTimeOffset? FirstSeen { get; init; }

    public DateTimeOffset? LastSeen { get; init; }

    public IReadOnlyList<GroupSample> Samples { get; init; } = [];

    /// <summary>Stable hash of what defines the group (exception chain + top in-app frames, or template).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>One plain sentence: why these records are one group.</summary>
    public required string Reason { get; init; }

    /// <summary>The incident this group belongs to (null until incidents are built).</summary>
    public string? IncidentId { get; init; }
}

/// <summary>A redacted sample record of a group.</summary>
public sealed record GroupSample(int LineStart, int LineEnd, string Text);
