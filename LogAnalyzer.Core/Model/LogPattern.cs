namespace LogAnalyzer.Core.Model;

/// <summary>A template that a set of records share, variables masked.</summary>
public sealed record LogPattern
{
    /// <summary>"P1", "P2", … in order of first appearance.</summary>
    public required string Id { get; init; }

    public required string Template { get; init; }

    public required int Count { get; init; }

    public Severity? Level { get; init; }

    public required int FirstLine { get; init; }

    public required int LastLine { get; init; }

    public DateTimeOffset? FirstTimestamp { get; init; }

    public DateTimeOffset? LastTimestamp { get; init; }
}
