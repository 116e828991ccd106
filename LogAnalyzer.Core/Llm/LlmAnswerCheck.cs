using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Llm;

/// <summary>What validation kept of one LLM answer, what it dropped, and why.</summary>
internal sealed record LlmAnswerCheck
{
    /// <summary>True when the content was one JSON object whose root matched the schema.</summary>
    public required bool Parsed { get; init; }

    public IReadOnlyList<Insight> Insights { get; init; } = [];

    public IReadOnlyList<MergeProposal> Merges { get; init; } = [];

    /// <summary>Incidents the answer re-grouped or re-categorised (validated; applied by <see cref="LlmIncidentRefinement"/>).</summary>
    public IReadOnlyList<LlmIncidentAnswer> Incidents { get; init; } = [];

    /// <summary>Items (group answers, merges, incidents, single evidence lines or list entries) that failed the checks.</summary>
    public int Dropped { get; init; }

    /// <summary>Plain validation errors, for the repair round and the report.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>
    /// No LLM insight survived: not parseable, root off-schema, or every group answer dropped. A lone valid merge or
    /// incident does not count, so it never suppresses the repair round nor makes an answer "partial".
    /// </summary>
    public bool NothingValid => Insights.Count == 0;
}

/// <summary>One incident as the LLM re-grouped it: its groups (root first) and its cause category.</summary>
public sealed record LlmIncidentAnswer(string IncidentId, string RootGroupId, IReadOnlyList<string> GroupIds, CauseCategory CauseCategory);
