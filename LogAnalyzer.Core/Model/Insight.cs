namespace LogAnalyzer.Core.Model;

/// <summary>
/// An explanation of one error group, in the one schema both the rules and the LLM fill.
/// </summary>
public sealed record Insight
{
    public required string GroupId { get; init; }

    public required string ProbableCause { get; init; }

    /// <summary>The kind of cause named (the taxonomy shared with incidents and the LLM answer schema).</summary>
    public CauseCategory CauseCategory { get; init; }

    public IReadOnlyList<Evidence> Evidence { get; init; } = [];

    public IReadOnlyList<MissingContextItem> MissingContext { get; init; } = [];

    public IReadOnlyList<string> SuggestedInvestigation { get; init; } = [];

    public IReadOnlyList<string> Mitigation { get; init; } = [];

    /// <summary>0..1: how sure the source is.</summary>
    public required double Confidence { get; init; }

    public required InsightSource Source { get; init; }

    /// <summary>The catalogue rule that matched ("timeout", …, "generic"), for rules insights.</summary>
    public string? Rule { get; init; }
}

/// <summary>A cited input line with a short quote.</summary>
public sealed record Evidence(int Line, string Quote);

/// <summary>Who produced an insight (serialized "llm" / "rules").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CamelCaseEnumConverter<InsightSource>))]
public enum InsightSource
{
    Rules = 0,
    Llm = 1,
}

/// <summary>A proposal that several groups are one underlying problem.</summary>
public sealed record MergeProposal(IReadOnlyList<string> GroupIds, string Reason, InsightSource Source);
