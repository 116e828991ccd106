namespace LogAnalyzer.Core.Model;

/// <summary>
/// Error groups that share one cause: the root group (the earliest cause, not the most frequent symptom) and the
/// groups it explains, root first.
/// </summary>
public sealed record Incident
{
    /// <summary>"I1", "I2", … in order of importance.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required CauseCategory CauseCategory { get; init; }

    /// <summary>The group that shows the cause.</summary>
    public required string RootGroupId { get; init; }

    /// <summary>Every group of the incident, root first.</summary>
    public required IReadOnlyList<string> GroupIds { get; init; }

    public DateTimeOffset? FirstSeen { get; init; }

    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>One or two plain sentences: what broke first and what it caused.</summary>
    public required string Summary { get; init; }

    /// <summary>0..1: how sure the source is of the grouping and the root.</summary>
    public required double Confidence { get; init; }

    public required InsightSource Source { get; init; }
}
