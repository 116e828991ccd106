namespace LogAnalyzer.Core.Llm;

/// <summary>What one chat-completions call returned. Holds no key and no request text.</summary>
internal sealed record LlmCallResult
{
    public required LlmCallOutcome Outcome { get; init; }

    public int? StatusCode { get; init; }

    /// <summary><c>choices[0].message.content</c> (null when absent).</summary>
    public string? Content { get; init; }

    public string? FinishReason { get; init; }

    public int ChoiceCount { get; init; }

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    /// <summary>The provider's error message, cleaned (no HTML, no control characters, bounded, key scrubbed).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The provider's wait hint (Retry-After, retry-after-ms or RateLimit t=).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when a 429/402/403 body says the quota, credits or billing are exhausted.</summary>
    public bool QuotaExhausted { get; init; }

    /// <summary>HTTP attempts actually sent (0 when the circuit was open).</summary>
    public int Attempts { get; init; }

    public string? RequestId { get; init; }

    public string? Provider { get; init; }
}
