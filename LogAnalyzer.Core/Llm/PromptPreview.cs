namespace LogAnalyzer.Core.Llm;

/// <summary>
/// What would leave the building if the LLM were asked about this input: the exact redacted, budgeted messages and
/// request body (no key), and how many secrets of each type were masked.
/// </summary>
public sealed record PromptPreview
{
    /// <summary>True when a provider is configured; a preview is available either way.</summary>
    public required bool LlmConfigured { get; init; }

    public required string Model { get; init; }

    /// <summary>Where the request would go (the base URL; never the key).</summary>
    public required string Endpoint { get; init; }

    /// <summary><c>json_schema</c>, <c>json_object</c> or <c>none</c>.</summary>
    public required string StructuredOutput { get; init; }

    public required IReadOnlyList<LlmChatMessage> Messages { get; init; }

    /// <summary>The exact JSON body that would be posted (the key travels in a header, never here).</summary>
    public required string RequestBody { get; init; }

    public required int EstimatedPromptTokens { get; init; }

    public required int MaxPromptTokens { get; init; }

    /// <summary>Ids of the groups in the prompt.</summary>
    public required IReadOnlyList<string> GroupIds { get; init; }

    public required int GroupsTotal { get; init; }

    /// <summary>False when nothing would be sent (no groups, or not even one group fits the budget).</summary>
    public required bool WouldSend { get; init; }

    /// <summary>Masked values in the messages, by redaction type.</summary>
    public required IReadOnlyDictionary<string, int> Redactions { get; init; }

    /// <summary>Masked values in the whole input, by redaction type (from the analysis summary).</summary>
    public required IReadOnlyDictionary<string, int> InputRedactions { get; init; }

    public required string PromptVersion { get; init; }
}
