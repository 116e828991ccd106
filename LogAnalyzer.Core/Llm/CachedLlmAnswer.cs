using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Llm;

/// <summary>A validated answer as stored in the cache (JSON via <see cref="AnalysisJson"/>).</summary>
internal sealed record CachedLlmAnswer(
    IReadOnlyList<Insight> Insights,
    IReadOnlyList<MergeProposal> Merges,
    int DroppedItems,
    string? FallbackReason,
    LlmStatus Status,
    IReadOnlyList<Incident>? Incidents = null);
