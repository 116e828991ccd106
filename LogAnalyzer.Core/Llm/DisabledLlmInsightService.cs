using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Llm;

/// <summary>Used when no provider is configured: the rules answer, and the report says why.</summary>
public sealed class DisabledLlmInsightService : ILlmInsightService
{
    public const string NotConfiguredReason = "No LLM provider is configured (set Llm__ApiKey or HF_TOKEN); insights come from the rules.";

    public bool IsConfigured => false;

    public string? Model => null;

    public Task<LlmStageResult> ExplainAsync(LlmStageInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new LlmStageResult([], [], LlmReport.Disabled(NotConfiguredReason)));
}
