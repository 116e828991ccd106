using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Llm;

/// <summary>What validation kept of one LLM answer, what it dropped, and why.</summary>
internal sealed record LlmAnswerCheck
{
    /// <summary>True when the content was one JSON object whose root matched the schema.</summary>
    public required bool Parsed { get; init; }

    public IReadOnlyList<Insight> Insights { get; init; } = [];

    public IReadOnlyList<MergeProposal> Merges { get; init; } = [];

    /// <summary>Items (group answers or merges) that failed the schema or the semantic checks.</summary>
    public int Dropped { get; init; }

    /// <summary>Plain validation errors, for the repair round and the report.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Nothing usable: not parseable, root off-schema, or every item dropped.</summary>
    public bool NothingValid => Insights.Count == 0 && Merges.Count == 0;
}
