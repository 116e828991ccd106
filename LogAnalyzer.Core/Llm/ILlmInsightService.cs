using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Llm;

/// <summary>The LLM stage: explains the top error groups. Never throws for provider failures: it reports them.</summary>
public interface ILlmInsightService
{
    /// <summary>True when a provider is configured (a key, or a keyless local endpoint) and enabled.</summary>
    bool IsConfigured { get; }

    /// <summary>The configured model id, for display.</summary>
    string? Model { get; }

    Task<LlmStageResult> ExplainAsync(LlmStageInput input, CancellationToken cancellationToken);
}

/// <summary>What the LLM stage sees: the deterministic analysis so far (incidents lead the prompt when there are any).</summary>
public sealed record LlmStageInput(
    IReadOnlyList<ErrorGroup> Groups,
    IReadOnlyList<LogRecord> Records,
    IReadOnlyList<Insight> RuleInsights,
    IReadOnlyList<Incident>? Incidents = null);

/// <summary>
/// Validated LLM insights (only for groups it answered validly), proposed merges, the report, and the incidents as
/// the LLM re-grouped or re-categorised them (null: unchanged).
/// </summary>
public sealed record LlmStageResult(
    IReadOnlyList<Insight> Insights,
    IReadOnlyList<MergeProposal> Merges,
    LlmReport Report,
    IReadOnlyList<Incident>? Incidents = null);
